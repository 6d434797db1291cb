package dev.graphileworker.cli.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionResolverTest {

    @Test
    void connectionOptionWinsOverEveryVariable() {
        ConnectionResolver resolver = resolver(Map.of("DATABASE_URL", "postgres://env/db", "PGHOST", "pghost"));

        assertThat(resolver.resolve("postgresql://option/db")).contains("postgresql://option/db");
        assertThat(resolver.resolve("jdbc:postgresql://option/db")).contains("jdbc:postgresql://option/db");
    }

    @Test
    void bareDatabaseNameUsesTheLibpqVariablesForTheRest() {
        ConnectionResolver resolver = resolver(Map.of("PGHOST", "db.internal", "PGPORT", "6543", "PGUSER", "app"));

        assertThat(resolver.resolve("orders")).contains("postgres://app@db.internal:6543/orders");
    }

    @Test
    void databaseUrlComesBeforeTheLibpqVariables() {
        ConnectionResolver resolver = resolver(Map.of("DATABASE_URL", "postgres://env/db", "PGHOST", "pghost"));

        assertThat(resolver.resolve(null)).contains("postgres://env/db");
    }

    @Test
    void libpqVariablesAloneNameADatabaseWithLibpqDefaults() {
        assertThat(resolver(Map.of("PGDATABASE", "jobs")).resolve(null))
                .contains("postgres://alice@localhost:5432/jobs");
        assertThat(resolver(Map.of("PGUSER", "bob")).resolve(null))
                .contains("postgres://bob@localhost:5432/bob");
    }

    @Test
    void passwordWithSpecialCharactersIsEncodedSoTheUriStaysWhole() {
        String uri = resolver(Map.of("PGPASSWORD", "p@ss:w/rd+%&?")).resolve(null).orElseThrow();

        assertThat(uri).isEqualTo("postgres://alice:p%40ss%3Aw%2Frd%2B%25%26%3F@localhost:5432/alice");
    }

    @Test
    void sslModeReachesTheConnectionString() {
        assertThat(resolver(Map.of("PGHOST", "db", "PGSSLMODE", "verify-full")).resolve(null))
                .contains("postgres://alice@db:5432/alice?sslmode=verify-full");
    }

    @Test
    void nothingSetMeansNoExplicitConnection() {
        assertThat(resolver(Map.of("PGHOST", "", "HOME", "/root")).resolve(null)).isEmpty();
    }

    @Test
    void unusableSettingsAreExplainedWithoutQuotingAPassword() {
        assertThatThrownBy(() -> resolver(Map.of("DATABASE_URL", "mysql://u:hunter2@h/db")).resolve(null))
                .hasMessageContaining("DATABASE_URL must start with postgres://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> resolver(Map.of("PGHOST", "/var/run/postgresql")).resolve(null))
                .hasMessageContaining("socket directory");
        assertThatThrownBy(() -> resolver(Map.of("PGPORT", "fifty")).resolve(null))
                .hasMessageContaining("PGPORT must be a port number");
        assertThatThrownBy(() -> resolver(Map.of()).resolve(" "))
                .hasMessageContaining("--connection is empty");
    }

    private static ConnectionResolver resolver(Map<String, String> environment) {
        return new ConnectionResolver(environment, "alice");
    }
}
