package dev.graphileworker.testkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URLEncoder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class ServerSelectionTest {

    private static final String PASSWORD = "hunter2:@/x";
    // Port 1 on loopback refuses at once: a configured but unreachable server.
    private static final String UNREACHABLE =
            "postgres://worker:hunter2%3A%40%2Fx@127.0.0.1:1/postgres?sslmode=disable";

    @Test
    void failsListingEverySourceTriedWithoutShowingPasswords() {
        ServerSelection selection =
                ServerSelection.decide(
                        Map.of(
                                "GRAPHILE_WORKER_TEST_DB", "env",
                                "TEST_DATABASE_URL", UNREACHABLE,
                                "PGPASSWORD", "pg-secret"));

        assertThatThrownBy(selection::server)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GRAPHILE_WORKER_TEST_DB=env")
                .hasMessageContaining("TEST_DATABASE_URL: ")
                .hasMessageContaining("DATABASE_URL: not set")
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("pg-secret");
    }

    @Test
    void rejectsAnUnknownForcedSource() {
        ServerSelection selection = ServerSelection.decide(Map.of("GRAPHILE_WORKER_TEST_DB", "docker"));

        assertThatThrownBy(selection::server)
                .hasMessageContaining("GRAPHILE_WORKER_TEST_DB=docker")
                .hasMessageContaining("env, local, testcontainers, embedded");
    }

    @Test
    void usesTestDatabaseUrlFirst(TestDatabase database) {
        ServerSelection selection =
                ServerSelection.decide(
                        Map.of(
                                "TEST_DATABASE_URL", database.connectionString(),
                                "DATABASE_URL", UNREACHABLE));
        try {
            DatabaseServer server = selection.server();

            assertThat(server.source()).isEqualTo("TEST_DATABASE_URL");
            assertThat(server.admin().database()).isEqualTo(database.databaseName());
        } finally {
            selection.close();
        }
    }

    @Test
    void fallsThroughABrokenUrlToTheNextSource(TestDatabase database) {
        ServerSelection selection =
                ServerSelection.decide(
                        Map.of(
                                "GRAPHILE_WORKER_TEST_DB", "env",
                                "TEST_DATABASE_URL", UNREACHABLE,
                                "DATABASE_URL", jdbcUrlWithCredentials(database)));
        try {
            assertThat(selection.server().source()).isEqualTo("DATABASE_URL");
        } finally {
            selection.close();
        }
    }

    private static String jdbcUrlWithCredentials(TestDatabase database) {
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "user=" + URLEncoder.encode(database.user(), UTF_8);
        if (!database.password().isEmpty()) {
            url += "&password=" + URLEncoder.encode(database.password(), UTF_8);
        }
        return url;
    }
}
