package dev.graphileworker.postgres.internal.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.time.Sleeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection that LISTENs on {@code jobs:insert} and {@code worker:migrate} and turns
 * notifications into job-arrival signals. When the connection is lost it reconnects with back-off;
 * the worker keeps polling meanwhile, and a reconnect counts as an arrival because notifications
 * sent while it was away are gone.
 *
 * <p>With dead worker recovery on, the connection is also the worker's proof of life: it carries a
 * session name (its {@code application_name}) that other workers look for. That is why reconnecting
 * backs off to a few seconds only, why the connection is checked while idle (a connection silently
 * cut would otherwise look open here forever, while the server has long dropped the session), and
 * why the server is asked to probe the client with TCP keepalives (so that when the worker's machine
 * vanishes, the session ends within half a minute instead of the system's default two hours).
 */
public final class NotificationListener implements JobArrivals {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final String JOBS_INSERT = "jobs:insert";
    private static final String WORKER_MIGRATE = "worker:migrate";
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(500);
    private static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(5);
    /** How long the connection may stay silent before it is checked. */
    private static final Duration IDLE_CHECK_AFTER = Duration.ofSeconds(5);
    private static final int IDLE_CHECK_TIMEOUT_SECONDS = 5;
    /** How long one wait for notifications blocks, which bounds how late a close is noticed. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration FIRST_ATTEMPT_PATIENCE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Supplier<ObjectMapper> objectMapper;
    private final int knownRevision;
    private final String threadName;
    private final Optional<String> sessionName;
    private final Clock clock;

    /**
     * @param dataSource where the listening connection comes from
     * @param objectMapper parses migration notices
     * @param knownRevision the newest schema revision this worker understands
     * @param threadName the name of the listening thread
     * @param sessionName the {@code application_name} that shows the worker is alive, if it should show it
     * @param clock how long the connection has been silent
     */
    public NotificationListener(DataSource dataSource, Supplier<ObjectMapper> objectMapper, int knownRevision, String threadName,
            Optional<String> sessionName, Clock clock) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        this.knownRevision = knownRevision;
        this.threadName = threadName;
        this.sessionName = sessionName;
        this.clock = clock;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        ListenLoop loop = new ListenLoop(listener);
        Thread thread = new Thread(loop, threadName);
        thread.setDaemon(true);
        thread.start();
        loop.awaitFirstAttempt();
        return () -> {
            loop.closed = true;
            loop.reconnectDelay.wakeUp();
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private final class ListenLoop implements Runnable {
        private final Listener listener;
        private final CountDownLatch firstAttempt = new CountDownLatch(1);
        /** Woken for good when the subscription closes. */
        private final Sleeper reconnectDelay = Sleeper.realTime();
        private volatile boolean closed;

        ListenLoop(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void run() {
            Duration delay = FIRST_RECONNECT_DELAY;
            boolean connectedBefore = false;
            int failures = 0;
            while (!closed) {
                listener.connecting();
                try (Connection connection = dataSource.getConnection()) {
                    PGConnection pg = connection.unwrap(PGConnection.class);
                    if (sessionName.isPresent()) {
                        announce(connection, sessionName.get());
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("LISTEN \"" + JOBS_INSERT + "\"");
                        statement.execute("LISTEN \"" + WORKER_MIGRATE + "\"");
                    }
                    firstAttempt.countDown();
                    listener.connected();
                    if (failures > 0) {
                        LOG.info("Listening for new jobs again after {} failed attempts", failures);
                    }
                    if (connectedBefore || failures > 0) {
                        listener.jobsArrived();
                    }
                    connectedBefore = true;
                    failures = 0;
                    delay = FIRST_RECONNECT_DELAY;
                    receive(connection, pg);
                    if (sessionName.isPresent()) {
                        withdraw(connection);
                    }
                } catch (SQLException | RuntimeException e) {
                    firstAttempt.countDown();
                    if (closed) {
                        return;
                    }
                    listener.disconnected(e);
                    if (failures++ == 0) {
                        LOG.warn("Lost the connection that listens for new jobs ({}); polling meanwhile and "
                                + "reconnecting", e.getMessage());
                    } else {
                        LOG.debug("Reconnecting the listener failed again: {}", e.getMessage());
                    }
                }
                if (!closed && !pause(delay)) {
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(LONGEST_RECONNECT_DELAY) > 0
                        ? LONGEST_RECONNECT_DELAY : delay.multipliedBy(2);
            }
        }

        /**
         * Jobs added after {@code subscribe} returns should be heard, so it waits for the first LISTEN
         * (briefly: an unreachable database must not hold up the worker, which polls anyway).
         */
        void awaitFirstAttempt() {
            try {
                firstAttempt.await(FIRST_ATTEMPT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void receive(Connection connection, PGConnection pg) throws SQLException {
            Instant silentSince = clock.instant();
            while (!closed) {
                PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                if (notifications == null || notifications.length == 0) {
                    if (Duration.between(silentSince, clock.instant()).compareTo(IDLE_CHECK_AFTER) > 0) {
                        if (!connection.isValid(IDLE_CHECK_TIMEOUT_SECONDS)) {
                            throw new SQLException("the connection stopped answering");
                        }
                        silentSince = clock.instant();
                    }
                    continue;
                }
                silentSince = clock.instant();
                boolean arrived = false;
                for (PGNotification notification : notifications) {
                    if (JOBS_INSERT.equals(notification.getName())) {
                        arrived = true;
                    } else if (WORKER_MIGRATE.equals(notification.getName())) {
                        onMigration(notification.getParameter());
                    }
                }
                if (arrived) {
                    listener.jobsArrived();
                }
            }
        }

        /**
         * Names the session after the worker, and asks the server to probe the client once it is
         * idle: after 10 s, then every 5 s, dropping the session after 3 unanswered probes (and after
         * 25 s of unacknowledged data). The probes are a help, not a must: a server that refuses them
         * still lets the worker run.
         */
        private void announce(Connection connection, String name) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select set_config('application_name', ?, false)")) {
                statement.setString(1, name);
                statement.execute();
            }
            bestEffort(connection, "set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5;"
                    + " set tcp_keepalives_count = 3");
            // Probes wait while data sent to the client is unacknowledged; this bounds that case too (PostgreSQL 12+).
            bestEffort(connection, "set tcp_user_timeout = 25000");
        }

        private void bestEffort(Connection connection, String settings) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(settings);
            } catch (SQLException e) {
                LOG.debug("The server refused '{}' for the listening session: {}", settings, e.getMessage());
            }
        }

        /** A connection from the application's pool goes back without the worker's name on it. */
        private void withdraw(Connection connection) {
            bestEffort(connection, "reset application_name; reset tcp_keepalives_idle; reset tcp_keepalives_interval;"
                    + " reset tcp_keepalives_count");
            bestEffort(connection, "reset tcp_user_timeout");
        }

        private void onMigration(String payload) {
            try {
                JsonNode notice = objectMapper.get().readTree(payload);
                int revision = notice.path("migrationNumber").asInt();
                if (notice.path("breaking").asBoolean() && revision > knownRevision) {
                    listener.schemaIncompatible("the database schema was migrated to revision " + revision
                            + ", a breaking change this worker (revision " + knownRevision
                            + ") does not understand; upgrade the worker");
                }
            } catch (java.io.IOException e) {
                LOG.warn("Ignoring a malformed worker:migrate notice: {}", payload);
            }
        }

        private boolean pause(Duration delay) {
            try {
                reconnectDelay.sleep(delay);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
