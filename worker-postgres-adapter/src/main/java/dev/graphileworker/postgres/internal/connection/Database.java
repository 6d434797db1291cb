package dev.graphileworker.postgres.internal.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.graphileworker.api.ConnectionString;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The worker's connections: a HikariCP pool made from the connection string, or the application's
 * own data source. Closing it closes only a pool it made.
 */
public final class Database implements AutoCloseable {

    /**
     * The driver properties of the connections the worker opens itself. Sockets that hand over each
     * notification a millisecond sooner (see {@link PromptNotificationSocketFactory}). And the server's
     * version: the worker needs PostgreSQL 12 or newer (the migrator refuses older servers), and told
     * so, the driver sends the session's settings with the connection request instead of one round
     * trip later.
     */
    static final Map<String, String> WORKER_DRIVER_PROPERTIES = Map.of(
            "socketFactory", PromptNotificationSocketFactory.propertyValue(),
            "assumeMinServerVersion", "12");

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final String description;

    private Database(DataSource dataSource, HikariDataSource ownedPool, String description) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.description = description;
    }

    /**
     * Opens the database the options name and checks that it answers.
     *
     * @param options the validated options
     * @param poolName a name for the pool's threads and logs
     * @return the open database
     * @throws WorkerException when the database cannot be reached
     */
    public static Database open(WorkerOptions options, String poolName) {
        if (options.dataSource().isPresent()) {
            Database database = new Database(new AutoCommitDataSource(options.dataSource().get()), null,
                    "the application's data source");
            database.checkReachable();
            return database;
        }
        ConnectionString connection = options.connectionString().orElseThrow();
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        // The pool masks the password (and any password parameter of the URL) where it logs them.
        config.setJdbcUrl(connection.jdbcUrl());
        if (!connection.user().isEmpty()) {
            config.setUsername(connection.user());
        }
        connection.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(options.maxPoolSize());
        // One idle connection: the pool opens it at once (to check the database answers) and more as
        // the work asks for them. A second one opened in the background at start cost a short run
        // (--once on an empty queue) a connection it never used.
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        // The URL's own values win.
        WORKER_DRIVER_PROPERTIES.forEach(config::addDataSourceProperty);
        if (!options.preparedStatements()) {
            // The driver otherwise prepares a statement on the server after its fifth use.
            config.addDataSourceProperty("prepareThreshold", "0");
        }
        try {
            HikariDataSource pool = new HikariDataSource(config);
            return new Database(pool, pool, connection.toString());
        } catch (HikariPool.PoolInitializationException e) {
            throw unreachable(connection.toString(), e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw unreachable(connection.toString(), e);
        }
    }

    /** @return the data source to borrow connections from, in auto-commit mode */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * @param options the validated options
     * @return the data source of the connection that listens for new jobs, in auto-commit mode (a
     *     LISTEN inside a transaction hears nothing until it commits): the listen data source when
     *     given, else beside the application's HikariCP pool when it says how to connect (see
     *     {@link ListenBesidePool}), else the main data source
     */
    public DataSource listenDataSource(WorkerOptions options) {
        return options.listenDataSource().<DataSource>map(AutoCommitDataSource::new)
                .or(() -> options.dataSource().flatMap(ListenBesidePool::of))
                .orElse(dataSource);
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private void checkReachable() {
        try (Connection ignored = dataSource.getConnection()) {
            // Borrowing one connection is the check.
        } catch (SQLException e) {
            throw unreachable(description, e);
        }
    }

    private static WorkerException unreachable(String where, Throwable cause) {
        return new WorkerException("Could not connect to the database at " + where + ": " + cause.getMessage()
                + ". Check the connection string (or DATABASE_URL) and that PostgreSQL is running.", cause);
    }
}
