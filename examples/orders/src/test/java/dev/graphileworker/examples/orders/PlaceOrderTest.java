package dev.graphileworker.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Placing orders against a real PostgreSQL, with the real adapter running the jobs. */
@ExtendWith(PostgresDatabaseExtension.class)
class PlaceOrderTest {

    private final List<Email> sent = new CopyOnWriteArrayList<>();
    private final List<String> charged = new CopyOnWriteArrayList<>();
    private TestDatabase database;
    private DataSource dataSource;
    private WorkerOptions options;
    private WorkerUtils utils;
    private OrderService orders;

    @BeforeEach
    void startFromAnEmptyDatabase(TestDatabase classDatabase) throws SQLException {
        database = classDatabase.createDatabase();
        dataSource = database.dataSource();
        options = WorkerOptions.builder()
                .dataSource(dataSource)
                .taskList(OrderTasks.taskList(sent::add,
                        (customer, amountCents, key) -> charged.add(customer + " " + amountCents + " " + key)))
                .build();
        GraphileWorker.runMigrations(options);
        OrdersTable.createIfMissing(dataSource);
        utils = GraphileWorker.workerUtils(options);
        orders = new OrderService(dataSource, utils);
    }

    @AfterEach
    void closeUtils() {
        utils.close();
    }

    @Test
    void orderRolledBackWithItsTransactionLeavesNoJobAndSendsNothing() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            orders.placeOrder(connection, new NewOrder("ada", "ada@example.com", 1250));
            assertThat(strings(connection, "select task_identifier from graphile_worker.jobs order by id"))
                    .as("inside the transaction the jobs are there")
                    .containsExactly(OrderTasks.SEND_CONFIRMATION_EMAIL.identifier(), OrderTasks.CHARGE_CARD.identifier());

            connection.rollback();
        }

        assertThat(utils.queueDepth().total()).isZero();
        assertThat(database.count("select count(*) from orders")).isZero();
        GraphileWorker.runOnce(options);
        assertThat(sent).isEmpty();
        assertThat(charged).isEmpty();
    }

    @Test
    void committedOrdersJobsRunWithEachCustomersChargesInOneQueue() throws Exception {
        long first = orders.placeOrder(new NewOrder("ada", "ada@example.com", 1250));
        long second = orders.placeOrder(new NewOrder("ada", "ada@example.com", 899));
        long third = orders.placeOrder(new NewOrder("grace", "grace@example.com", 4200));
        assertThat(database.texts(
                "select queue_name from graphile_worker.jobs where task_identifier = 'charge_card' order by id"))
                .containsExactly("charges:ada", "charges:ada", "charges:grace");

        GraphileWorker.runOnce(options);

        assertThat(sent).extracting(Email::to)
                .containsExactlyInAnyOrder("ada@example.com", "ada@example.com", "grace@example.com");
        assertThat(charged).containsExactlyInAnyOrder(
                "ada 1250 order-" + first, "ada 899 order-" + second, "grace 4200 order-" + third);
        assertThat(charged.stream().filter(charge -> charge.startsWith("ada ")))
                .as("one customer's charges run in the order they were placed")
                .containsExactly("ada 1250 order-" + first, "ada 899 order-" + second);
        assertThat(utils.queueDepth().total()).isZero();
        assertThat(database.count("select count(*) from orders")).isEqualTo(3);
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
