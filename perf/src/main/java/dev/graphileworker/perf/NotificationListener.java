package dev.graphileworker.perf;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** A connection listening on one channel, for what the harness's tasks report. */
final class NotificationListener implements AutoCloseable {

    private final Connection connection;
    private final PGConnection notifications;
    private final Deque<Notification> pending = new ArrayDeque<>();

    NotificationListener(FreshDatabase database, String channel) throws SQLException {
        this.connection = database.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + channel);
        }
        this.notifications = connection.unwrap(PGConnection.class);
    }

    /**
     * @return the next notification, with when it arrived
     * @throws HarnessFailure when none arrives within {@code timeout}
     */
    Notification next(Duration timeout, String waitingFor) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.isEmpty()) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new HarnessFailure("no notification within " + timeout.toSeconds() + " s while waiting for "
                        + waitingFor);
            }
            PGNotification[] received = notifications.getNotifications((int) Math.min(leftMillis, Integer.MAX_VALUE));
            long receivedNanos = System.nanoTime();
            if (received != null) {
                for (PGNotification notification : received) {
                    pending.add(new Notification(notification.getParameter(), receivedNanos));
                }
            }
        }
        return pending.remove();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /**
     * @param payload what the task sent
     * @param receivedNanos {@link System#nanoTime()} when the harness read it
     */
    record Notification(String payload, long receivedNanos) {
    }
}
