package dev.graphileworker.cli.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.ConnectionString;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which source names the database, and what fills in the rest. How each text is read is
 * {@code ConnectionString}'s, tested in the API.
 */
class ConnectionResolverTest {

    private static final String OS_USER = System.getProperty("user.name");

    @Test
    void connectionOptionWinsOverEveryVariable() {
        ConnectionResolver resolver = resolver(Map.of("DATABASE_URL", "postgres://env/db", "PGHOST", "pghost"));

        assertThat(resolver.resolve("postgresql://option/db").orElseThrow().jdbcUrl())
                .isEqualTo("jdbc:postgresql://option:5432/db");
        assertThat(resolver.resolve("jdbc:postgresql://option/db").orElseThrow().jdbcUrl())
                .isEqualTo("jdbc:postgresql://option:5432/db");
    }

    @Test
    void bareDatabaseNameUsesTheLibpqVariablesForTheRest() {
        ConnectionResolver resolver = resolver(Map.of("PGHOST", "db.internal", "PGPORT", "6543", "PGUSER", "app"));

        assertThat(resolver.resolve("orders")).contains(ConnectionString.parse("postgres://app@db.internal:6543/orders"));
    }

    @Test
    void databaseUrlComesBeforeTheLibpqVariables() {
        ConnectionResolver resolver = resolver(Map.of("DATABASE_URL", "postgres://env/db", "PGHOST", "pghost"));

        assertThat(resolver.resolve(null).orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://env:5432/db");
    }

    @Test
    void libpqVariablesFillInWhatTheConnectionOrDatabaseUrlLeavesOutAsInLibpq() {
        Map<String, String> environment = Map.of("PGUSER", "app", "PGPASSWORD", "s3cret", "PGPORT", "6543");

        ConnectionString fromOption = resolver(environment).resolve("postgres://db/jobs").orElseThrow();
        ConnectionString fromUrl = resolver(Map.of("DATABASE_URL", "postgres://db/jobs", "PGUSER", "app",
                "PGPASSWORD", "s3cret", "PGPORT", "6543")).resolve(null).orElseThrow();

        assertThat(fromOption).isEqualTo(ConnectionString.parse("postgres://app:s3cret@db:6543/jobs")).isEqualTo(fromUrl);
    }

    @Test
    void libpqVariablesAloneNameADatabaseWithLibpqDefaults() {
        assertThat(resolver(Map.of("PGDATABASE", "jobs")).resolve(null).orElseThrow())
                .hasToString("postgres://" + OS_USER + "@localhost:5432/jobs");
        assertThat(resolver(Map.of("PGUSER", "bob")).resolve(null).orElseThrow())
                .hasToString("postgres://bob@localhost:5432/bob");
        assertThat(resolver(Map.of("PGHOST", "db", "PGSSLMODE", "verify-full")).resolve(null).orElseThrow().jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/" + OS_USER + "?sslmode=verify-full");
    }

    @Test
    void passwordWithSpecialCharactersReachesTheDriverWhole() {
        ConnectionString resolved = resolver(Map.of("PGPASSWORD", "p@ss:w/rd+%&?")).resolve(null).orElseThrow();

        assertThat(resolved.properties().getProperty("password")).isEqualTo("p@ss:w/rd+%&?");
        assertThat(resolved.uri()).isEqualTo("postgres://" + OS_USER + ":p%40ss%3Aw%2Frd%2B%25%26%3F@localhost:5432/"
                + OS_USER);
    }

    @Test
    void nothingSetMeansNoExplicitConnection() {
        assertThat(resolver(Map.of("PGHOST", "", "DATABASE_URL", "", "HOME", "/root")).resolve(null)).isEmpty();
    }

    @Test
    void unusableSettingsAreExplainedNamingTheirSourceWithoutQuotingAPassword() {
        assertThatThrownBy(() -> resolver(Map.of("DATABASE_URL", "mysql://u:hunter2@h/db")).resolve(null))
                .hasMessageContaining("DATABASE_URL must start with postgres://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> resolver(Map.of()).resolve("mysql://u:hunter2@h/db"))
                .hasMessageStartingWith("--connection must start with postgres://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> resolver(Map.of("PGHOST", "/var/run/postgresql")).resolve(null))
                .hasMessageContaining("socket directory");
        assertThatThrownBy(() -> resolver(Map.of("PGPORT", "fifty")).resolve(null))
                .hasMessageContaining("PGPORT has an invalid port 'fifty'");
        assertThatThrownBy(() -> resolver(Map.of()).resolve(" "))
                .hasMessageContaining("--connection is empty");
    }

    private static ConnectionResolver resolver(Map<String, String> environment) {
        return new ConnectionResolver(environment);
    }
}
