package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad options and bad input give clear errors that name the problem and never show a password. */
@ExtendWith(PostgresDatabaseExtension.class)
class BadInputTest {

    @Test
    void malformedConnectionStringIsNamedWithoutItsPassword() {
        // Refused as soon as it is given, like any other bad option.
        assertThatThrownBy(() -> WorkerOptions.builder().connectionString("postgres://app:s3cret@localhost:notaport/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port").hasMessageContaining("notaport")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void unreachableDatabaseSaysWhereItLookedWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WorkerOptions options = WorkerOptions.builder()
                .connectionString("postgres://app:s3cret@127.0.0.1:" + closedPort + "/app")
                .taskList(TaskList.empty())
                .build();

        assertThatThrownBy(() -> GraphileWorker.runOnce(options))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("Could not connect").hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void unknownJobKeyModeIsRefusedBySqlWithItsOwnErrorCode(TestDatabase database) throws SQLException {
        GraphileWorker.runMigrations(WorkerOptions.builder().connectionString(database.connectionString()).build());

        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(
                    "select graphile_worker.add_job('hello', job_key => 'k', job_key_mode => 'upsert')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("GWBKM"));
        }
    }
}
