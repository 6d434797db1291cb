package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A payload that cannot bind to the class of a {@link TaskHandler#typed typed} handler fails that
 * job, with a message naming the class and the field; the other jobs run as usual.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TypedPayloadTest {

    record Address(String street, int zip) {}

    record Order(String id, Address address, List<Integer> quantities) {}

    private final TestDatabase database;

    TypedPayloadTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void payloadThatDoesNotBindFailsOnlyItsJobNamingClassAndField() throws Exception {
        List<String> shipped = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().connectionString(database.connectionString())
                .schema("typed_payload").concurrency(2)
                .taskList(TaskList.builder()
                        .task("ship", TaskHandler.typed(Order.class, (order, helpers) -> shipped.add(order.id())))
                        .build())
                .build();
        GraphileWorker.runMigrations(options);
        Job wrongNestedType;
        Job wrongListElement;
        Job notAnObject;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("ship", Map.of("id", "good-1", "address", Map.of("street", "Main", "zip", 1234)));
            wrongNestedType = utils.addJob("ship", Map.of("id", "bad", "address", Map.of("zip", "not a number")));
            wrongListElement = utils.addJob("ship", Map.of("id", "bad", "quantities", List.of(1, "two")));
            notAnObject = utils.addJob("ship", "just text");
            utils.addJob("ship", Map.of("id", "good-2"), AddJobOptions.defaults());
        }

        GraphileWorker.runOnce(options);

        assertThat(shipped).containsExactlyInAnyOrder("good-1", "good-2");
        assertThat(lastError(wrongNestedType.id()))
                .contains(Order.class.getName()).contains("'address.zip'").contains("not a number");
        assertThat(lastError(wrongListElement.id()))
                .contains(Order.class.getName()).contains("'quantities.[1]'");
        assertThat(lastError(notAnObject.id())).contains(Order.class.getName());
        assertThat(remainingJobs()).isEqualTo(3);
    }

    /** The failed job's error, once it is failed, unlocked and waiting for its retry. */
    private String lastError(long id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select last_error from"
                        + " typed_payload._private_jobs where id = ? and attempts = 1 and locked_by is null")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("job %s failed once and is unlocked", id).isTrue();
                return row.getString(1);
            }
        }
    }

    private long remainingJobs() throws SQLException {
        return database.count("select count(*) from typed_payload._private_jobs");
    }
}
