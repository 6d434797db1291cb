package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server that test databases are created on, reached through an admin database.
 * Closing it stops the server when this JVM started it (Testcontainers, embedded).
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured when AutoCloseable closing is off
public final class DatabaseServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final String SQLSTATE_OBJECT_IN_USE = "55006";
    private static final int FORCE_DROP_SINCE_MAJOR_VERSION = 13;

    private final String source;
    private final ConnectionString admin;
    private final int majorVersion;
    private final AutoCloseable shutdown;

    private DatabaseServer(String source, ConnectionString admin, int majorVersion, AutoCloseable shutdown) {
        this.source = source;
        this.admin = admin;
        this.majorVersion = majorVersion;
        this.shutdown = shutdown;
    }

    /**
     * Checks that the server answers within {@code timeout} and lets the user create databases.
     * On failure the server is shut down (if {@code shutdown} does that) and the failure thrown.
     */
    public static DatabaseServer connect(
            String source, ConnectionString admin, Duration timeout, AutoCloseable shutdown)
            throws Exception {
        try {
            return new DatabaseServer(source, admin, probe(admin, timeout), shutdown);
        } catch (Exception | Error e) {
            try {
                shutdown.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static int probe(ConnectionString admin, Duration timeout) throws SQLException {
        PGSimpleDataSource dataSource = dataSource(admin);
        int seconds = (int) Math.max(1, timeout.toSeconds());
        dataSource.setConnectTimeout(seconds);
        dataSource.setLoginTimeout(seconds);
        dataSource.setSocketTimeout(seconds);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery(
                                "SELECT rolsuper OR rolcreatedb FROM pg_roles"
                                        + " WHERE rolname = current_user")) {
            if (!row.next() || !row.getBoolean(1)) {
                throw new SQLException(
                        "user " + admin.user() + " may not create databases (needs CREATEDB)");
            }
            return connection.getMetaData().getDatabaseMajorVersion();
        }
    }

    /** @return where the server came from, as {@code TestDatabase.source()} names it */
    public String source() {
        return source;
    }

    /** @return the server's major version, such as 15 */
    public int majorVersion() {
        return majorVersion;
    }

    /** @return the admin database's connection string */
    public ConnectionString admin() {
        return admin;
    }

    /** Creates a new, empty database named {@code gw_test_<random>}, and returns its connection string. */
    public ConnectionString createDatabase() throws SQLException {
        String name = "gw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        // template0 is never connected to and never altered, so the copy is truly empty and
        // CREATE DATABASE cannot fail on "source database is being accessed by other users".
        // C collation makes UTF8 valid whatever locale the server was initialised with.
        execute(
                "CREATE DATABASE " + quote(name)
                        + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        return admin.withDatabase(name);
    }

    /** Drops the database even when connections to it are still open. */
    public void dropDatabase(String name) throws SQLException {
        if (majorVersion >= FORCE_DROP_SINCE_MAJOR_VERSION) {
            execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
            return;
        }
        // Before 13 there is no FORCE: end the sessions, then drop; a pool may reconnect in
        // between, hence a few rounds.
        for (int round = 1; ; round++) {
            terminateSessions(name);
            try {
                execute("DROP DATABASE IF EXISTS " + quote(name));
                return;
            } catch (SQLException e) {
                if (round >= 5 || !SQLSTATE_OBJECT_IN_USE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            shutdown.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not stop the " + source + " server", e);
        }
    }

    @Override
    public String toString() {
        return source + " (" + admin + ")";
    }

    private void terminateSessions(String name) throws SQLException {
        try (Connection connection = dataSource(admin).getConnection();
                PreparedStatement statement =
                        connection.prepareStatement(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                        + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, name);
            statement.execute();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource(admin).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** @return a new non-pooled data source with the credentials set */
    static PGSimpleDataSource dataSource(ConnectionString database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        if (!database.user().isEmpty()) {
            dataSource.setUser(database.user());
        }
        database.password().ifPresent(dataSource::setPassword);
        return dataSource;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
