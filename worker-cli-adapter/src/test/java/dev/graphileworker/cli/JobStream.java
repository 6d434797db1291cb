package dev.graphileworker.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of jobs, as an application adds them: from a thread of its own, one job every few
 * milliseconds through {@code add_job} (whose NOTIFY wakes the workers), the tasks taken in turn, each
 * job entered in the ledger's {@code added} with its task as kind in the same statement. While the
 * database is away, adding fails and is tried again on a new connection; the stream goes on.
 */
final class JobStream implements AutoCloseable {

    private static final Duration PACE = Duration.ofMillis(20);

    private final FaultScenario scenario;
    private final List<String> tasks;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong refusals = new AtomicLong();
    private final Thread thread;

    private JobStream(FaultScenario scenario, List<String> tasks) {
        this.scenario = scenario;
        this.tasks = tasks;
        this.thread = new Thread(this::addUntilStopped, "job-stream");
    }

    static JobStream start(FaultScenario scenario, String... tasks) {
        JobStream stream = new JobStream(scenario, List.of(tasks));
        stream.thread.start();
        return stream;
    }

    /** @return how many times adding a job has failed so far: how long the database has been away */
    long refusals() {
        return refusals.get();
    }

    private void addUntilStopped() {
        String sql = scenario.expand("insert into {ledger}.added select ({schema}.add_job(?)).id, ?");
        Connection connection = null;
        int next = 0;
        while (!stopped.get()) {
            try {
                if (connection == null) {
                    connection = scenario.dataSource().getConnection();
                }
                try (PreparedStatement add = connection.prepareStatement(sql)) {
                    String task = tasks.get(next % tasks.size());
                    add.setString(1, task);
                    add.setString(2, task);
                    add.execute();
                }
                next++;
            } catch (SQLException outage) {
                refusals.incrementAndGet();
                closeQuietly(connection);
                connection = null;
            }
            try {
                // The stream's pace, not a wait for anything.
                Thread.sleep(PACE.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Already broken; nothing to release.
        }
    }

    /** Stops adding and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        thread.join();
    }
}
