package dev.graphileworker.postgres.internal.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class NotificationListenerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final LinkedBlockingQueue<String> signals = new LinkedBlockingQueue<>();

    NotificationListenerTest(TestDatabase database) {
        this.database = database;
        TestMigrator.of(database.dataSource(), "graphile_worker").migrate();
    }

    @Test
    void addJobFromSqlIsHeardAtOnce() throws Exception {
        try (JobArrivals.Subscription ignored = listener().subscribe(recorder())) {
            database.execute("select graphile_worker.add_job('hello')");

            assertThat(signals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("arrived");
        }
    }

    @Test
    void listenerReconnectsAfterItsConnectionIsKilledAndHearsLaterJobs() throws Exception {
        String session = "listener-" + UUID.randomUUID();
        try (JobArrivals.Subscription ignored = listener(session).subscribe(recorder())) {
            // Hearing a job proves the LISTEN is in place on the session about to be killed.
            database.execute("select graphile_worker.add_job('hello')");
            assertThat(signals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("arrived");

            assertThat(terminateSession(session)).isEqualTo(1);

            // A reconnect counts as an arrival (notifications sent meanwhile are lost) ...
            assertThat(signals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("arrived");
            // ... and jobs added after it are heard on the new connection.
            database.execute("select graphile_worker.add_job('hello')");
            assertThat(signals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("arrived");
        }
    }

    @Test
    void breakingMigrationToAnUnknownRevisionIsReported() throws Exception {
        try (JobArrivals.Subscription ignored = listener().subscribe(recorder())) {
            database.execute("select pg_notify('worker:migrate', '{\"migrationNumber\":21,\"breaking\":true}')");

            assertThat(signals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).startsWith("incompatible: ")
                    .contains("revision 21");
        }
    }

    private NotificationListener listener() {
        return new NotificationListener(database.dataSource(), ObjectMapper::new, Migrator.CURRENT_REVISION,
                "test-listener", Optional.empty(), Clock.systemUTC());
    }

    /** A listener whose session carries {@code sessionName}, so that it can be told from any other. */
    private NotificationListener listener(String sessionName) {
        return new NotificationListener(database.dataSource(), ObjectMapper::new, Migrator.CURRENT_REVISION,
                "test-listener", Optional.of(sessionName), Clock.systemUTC());
    }

    private JobArrivals.Listener recorder() {
        return new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                signals.add("arrived");
            }

            @Override
            public void schemaIncompatible(String reason) {
                signals.add("incompatible: " + reason);
            }
        };
    }

    /**
     * Ends the sessions named {@code applicationName} in this database. By name, not by the text of
     * their last query: that is LISTEN only until the listener checks its idle connection, and a
     * session an earlier test closed may still be on its way out.
     */
    private int terminateSession(String applicationName) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(pg_terminate_backend(pid))"
                        + " from pg_stat_activity where datname = current_database() and application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
