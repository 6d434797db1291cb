package dev.graphileworker.testkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.ConnectionString;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin database a TEST_DATABASE_URL or DATABASE_URL names; reading the URL is ConnectionString's. */
class EnvironmentUrlSourceTest {

    @Test
    void theAdminDatabaseIsPostgresUnlessTheUrlOrPgdatabaseNamesOne() {
        assertThat(admin("postgres://me:pw@db.example.com:6543", Map.of()).database()).isEqualTo("postgres");
        assertThat(admin("postgres://", Map.of("PGDATABASE", "")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        assertThat(admin("postgres://me@db/template1", Map.of()).database()).isEqualTo("template1");
        assertThat(admin("postgres://me@db", Map.of("PGDATABASE", "admin")).database()).isEqualTo("admin");
    }

    @Test
    void credentialsTheUrlLeavesOutComeFromPguserAndPgpassword() {
        ConnectionString filledIn = admin("postgres://db/postgres", Map.of("PGUSER", "me", "PGPASSWORD", "pw"));
        ConnectionString named = admin("postgres://you:secret@db/postgres", Map.of("PGUSER", "me", "PGPASSWORD", "pw"));

        assertThat(filledIn.user()).isEqualTo("me");
        assertThat(filledIn.password()).contains("pw");
        assertThat(named.user()).isEqualTo("you");
        assertThat(named.password()).contains("secret");
        assertThat(admin("postgres://db/postgres", Map.of()).user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void aBadUrlIsNamedByItsVariableWithoutItsPassword() {
        assertThatThrownBy(() -> admin("mysql://root:hunter2@localhost/jobs", Map.of()))
                .hasMessageStartingWith("TEST_DATABASE_URL must start with postgres://")
                .hasMessageNotContaining("hunter2");
    }

    private static ConnectionString admin(String url, Map<String, String> environment) {
        return EnvironmentUrlSource.admin(url, "TEST_DATABASE_URL", environment);
    }
}
