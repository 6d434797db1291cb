package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.postgres.internal.connection.Database;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.Sql;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.Driver;
import org.slf4j.LoggerFactory;

/**
 * Passwords with characters that mean something in URIs, URLs and SQL log in as they should, and no
 * password ever shows in an exception or a log line.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ConnectionCredentialsTest {

    private static final String SPECIAL_PASSWORD = "p@ss:w/rd?&%#\"'";

    private final TestDatabase database;
    private final TestRoles roles;

    ConnectionCredentialsTest(TestDatabase database) {
        this.database = database;
        this.roles = new TestRoles(database);
    }

    @AfterEach
    void dropRoles() throws SQLException {
        roles.close();
    }

    @Test
    void uriWithSpecialCharactersInThePasswordLogsInWithExactlyThatPassword() throws Exception {
        String role = roles.create("secret", SPECIAL_PASSWORD);
        String uri = roles.connectionString(role, SPECIAL_PASSWORD);

        try (Database connected = Database.open(options(uri), "credentials-test")) {
            HikariDataSource pool = (HikariDataSource) connected.dataSource();
            assertThat(currentUser(pool)).isEqualTo(role);
            assertThat(pool.getUsername()).isEqualTo(role);
            assertThat(pool.getPassword()).isEqualTo(SPECIAL_PASSWORD);
            assertThat(ScramSecret.accepts(rolpassword(role), pool.getPassword())).isTrue();
        }
        assertWrongPasswordIsRefusedWhereTheServerChecksPasswords(role);
    }

    @Test
    void jdbcUrlWithSpecialCharactersInThePasswordInstallsTheSchemaAsThatRole() throws Exception {
        String role = roles.create("secret", SPECIAL_PASSWORD);
        roles.asAdmin("grant create on database " + database.databaseName() + " to " + role);
        String url = roles.jdbcUrl(role, SPECIAL_PASSWORD);

        GraphileWorker.runMigrations(options(url));

        assertThat(adminQuery("select nspowner::regrole::text from pg_namespace where nspname = ?",
                "graphile_worker")).isEqualTo(role);
        Properties driverSees = Driver.parseURL(url, new Properties());
        assertThat(driverSees.getProperty("user")).isEqualTo(role);
        assertThat(ScramSecret.accepts(rolpassword(role), driverSees.getProperty("password"))).isTrue();
    }

    @Test
    void failedConnectionsShowThePasswordNeitherInTheErrorNorInAnyLogLine() throws Exception {
        // Distinctive pieces between the special characters, so that a partly leaked password shows too.
        String password = "Zq9@Xv7:Kj4/Wm2?&%#\"'";
        List<String> pieces = List.of(password, TestRoles.uriEncoded(password), "Zq9", "Xv7", "Kj4", "Wm2");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String hostAndPort = "127.0.0.1:" + closedPort;
        List<String> connectionStrings = List.of(
                "postgres://app:" + TestRoles.uriEncoded(password) + "@" + hostAndPort + "/app",
                "jdbc:postgresql://" + hostAndPort + "/app?user=app&password=" + TestRoles.uriEncoded(password),
                // Not percent-encoded: the driver reads a cut-short password (and connects in vain)...
                "jdbc:postgresql://" + hostAndPort + "/app?user=app&password=" + password);
        // ... or it is unusable, refused by the options: still, nothing may leak.
        String unusable = "postgres://app:" + password + "@" + hostAndPort + "/app";

        List<String> shown = new ArrayList<>();
        try (CapturedLogs logs = CapturedLogs.everything()) {
            for (String connectionString : connectionStrings) {
                Throwable error = catchThrowable(() -> GraphileWorker.runOnce(
                        WorkerOptions.builder().connectionString(connectionString).taskList(TaskList.empty()).build()));
                assertThat(error).isInstanceOf(WorkerException.class);
                shown.addAll(messagesOf(error));
            }
            Throwable refused = catchThrowable(() -> WorkerOptions.builder().connectionString(unusable));
            assertThat(refused).isInstanceOf(IllegalArgumentException.class);
            shown.addAll(messagesOf(refused));
            shown.addAll(logs.texts());
        }

        assertThat(shown).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(pieces));
    }

    private void assertWrongPasswordIsRefusedWhereTheServerChecksPasswords(String role) throws SQLException {
        String wrong = "Wrong-" + SPECIAL_PASSWORD;
        Throwable error = catchThrowable(() -> {
            try (Database ignored = Database.open(options(roles.connectionString(role, wrong)), "wrong-password")) {
                // Connected: the server trusts this client and never asked for a password (the SCRAM
                // secret check above is the proof then).
            }
        });
        if (error != null) {
            assertThat(error).isInstanceOf(WorkerException.class)
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining(wrong).hasMessageNotContaining("Wrong-");
        }
    }

    private static WorkerOptions options(String connectionString) {
        return WorkerOptions.builder().connectionString(connectionString).build();
    }

    private static String currentUser(HikariDataSource pool) throws SQLException {
        return Sql.on(pool).text("select current_user");
    }

    private String rolpassword(String role) throws SQLException {
        return adminQuery("select rolpassword from pg_authid where rolname = ?", role);
    }

    private String adminQuery(String sql, String parameter) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    /** The message and string form of an exception and of all its causes and suppressed exceptions. */
    private static List<String> messagesOf(Throwable error) {
        List<String> texts = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t));
            for (Throwable suppressed : t.getSuppressed()) {
                texts.addAll(messagesOf(suppressed));
            }
        }
        return texts;
    }

    /** Everything logged through SLF4J, at every level, while open. */
    private static final class CapturedLogs implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final List<Logger> loggers;
        private final List<Level> levels = new ArrayList<>();

        private CapturedLogs(LoggerContext context) {
            appender.setContext(context);
            appender.start();
            loggers = List.of(context.getLogger(Logger.ROOT_LOGGER_NAME), context.getLogger("com.zaxxer.hikari"));
            for (Logger logger : loggers) {
                levels.add(logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
            loggers.get(0).addAppender(appender);
        }

        static CapturedLogs everything() {
            return new CapturedLogs((LoggerContext) LoggerFactory.getILoggerFactory());
        }

        List<String> texts() {
            List<String> texts = new ArrayList<>();
            for (ILoggingEvent event : appender.list) {
                texts.add(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    texts.add(t.getClassName() + ": " + t.getMessage());
                }
            }
            return texts;
        }

        @Override
        public void close() {
            loggers.get(0).detachAppender(appender);
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(levels.get(i));
            }
            appender.stop();
        }
    }
}
