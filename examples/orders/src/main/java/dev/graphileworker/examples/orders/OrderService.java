package dev.graphileworker.examples.orders;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.WorkerUtils;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Places orders. An order and the jobs that follow it are written in one transaction: if the order
 * is not committed, no email is sent and no card is charged; if it is, both jobs will run.
 */
public final class OrderService {

    private final DataSource dataSource;
    private final WorkerUtils jobs;

    /**
     * @param dataSource the application's database, which also holds the job queue
     * @param jobs adds the jobs
     */
    public OrderService(DataSource dataSource, WorkerUtils jobs) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /**
     * Places an order in a transaction of its own.
     *
     * @param order the order
     * @return the new order's id
     * @throws SQLException when the database refuses it; then nothing is written
     */
    public long placeOrder(NewOrder order) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long orderId = placeOrder(connection, order);
                connection.commit();
                return orderId;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Places an order inside the caller's transaction: the order and its jobs become visible when
     * the caller commits, and vanish together if it rolls back.
     *
     * @param connection the caller's connection, with auto-commit off; left open
     * @param order the order
     * @return the new order's id
     * @throws SQLException when the database refuses it
     */
    public long placeOrder(Connection connection, NewOrder order) throws SQLException {
        long orderId = insert(connection, order);
        jobs.addJob(connection, OrderTasks.SEND_CONFIRMATION_EMAIL,
                new ConfirmationEmail(orderId, order.email()), AddJobOptions.defaults());
        // One named queue per customer: their charges run one at a time, in order, never side by side.
        jobs.addJob(connection, OrderTasks.CHARGE_CARD,
                new CardCharge(orderId, order.customerId(), order.amountCents()),
                AddJobOptions.defaults().withQueueName(chargeQueueOf(order.customerId())));
        return orderId;
    }

    /**
     * @param customerId a customer
     * @return the named queue their card charges run in
     */
    public static String chargeQueueOf(String customerId) {
        return "charges:" + customerId;
    }

    private static long insert(Connection connection, NewOrder order) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into orders (customer_id, email, amount_cents) values (?, ?, ?) returning id")) {
            insert.setString(1, order.customerId());
            insert.setString(2, order.email());
            insert.setLong(3, order.amountCents());
            try (ResultSet inserted = insert.executeQuery()) {
                inserted.next();
                return inserted.getLong(1);
            }
        }
    }
}
