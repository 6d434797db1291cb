package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sslmode} in a {@code postgres://} URI or a {@code jdbc:postgresql:} URL decides whether the
 * worker's connections use TLS: the server's {@code pg_stat_ssl} shows what the worker got.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TlsParametersTest {

    private final TestDatabase database;

    TlsParametersTest(TestDatabase database) {
        this.database = database;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sslmodeDisableGivesThePlainConnectionsTheTaskRunsOn(boolean jdbcUrl) throws Exception {
        assertThat(tlsSeenByATask(withParameter("sslmode=disable", jdbcUrl))).containsExactly(false);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sslmodeRequireGetsTlsOrFailsClearlyWhenTheServerHasNone(boolean jdbcUrl) throws Exception {
        String connectionString = withParameter("sslmode=require", jdbcUrl);

        if (serverOffersTls()) {
            assertThat(tlsSeenByATask(connectionString)).containsExactly(true);
        } else {
            assertThatThrownBy(() -> GraphileWorker.runMigrations(options(connectionString).build()))
                    .isInstanceOf(WorkerException.class)
                    .hasMessageContaining("Could not connect")
                    .hasMessageContaining("server does not support SSL")
                    .satisfies(e -> {
                        if (!database.password().isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(database.password());
                        }
                    });
        }
    }

    /** Runs one job whose task asks the server whether its own connection is encrypted. */
    private List<Boolean> tlsSeenByATask(String connectionString) {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        WorkerOptions options = options(connectionString)
                .taskList(TaskList.builder().task("tls", (payload, helpers) -> seen.add((Boolean) helpers
                        .query("select ssl from pg_stat_ssl where pid = pg_backend_pid()").get(0).get("ssl")))
                        .build())
                .build();
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("tls", null, AddJobOptions.defaults());
        }
        GraphileWorker.runOnce(options);
        return seen;
    }

    private String withParameter(String parameter, boolean jdbcUrl) {
        String base = jdbcUrl ? database.jdbcUrl() : database.connectionString();
        String withIt = base + (base.contains("?") ? "&" : "?") + parameter;
        if (jdbcUrl && !database.user().isEmpty()) {
            withIt += "&user=" + TestRoles.uriEncoded(database.user());
            if (!database.password().isEmpty()) {
                withIt += "&password=" + TestRoles.uriEncoded(database.password());
            }
        }
        return withIt;
    }

    private WorkerOptions.Builder options(String connectionString) {
        return WorkerOptions.builder().connectionString(connectionString).schema("tls_test");
    }

    private boolean serverOffersTls() throws SQLException {
        return "on".equals(database.text("show ssl"));
    }
}
