package dev.graphileworker.postgres.internal.connection;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The source of the worker's one long-lived LISTEN connection when the application gave its HikariCP
 * pool: a connection opened beside the pool, as the pool opens its own, rather than borrowed from
 * it. The pool keeps all its connections for the application, the session name the worker sets on
 * that connection never goes back into the pool, and the connection gets the worker's own driver
 * properties where the pool sets none (so it hears notifications as promptly as the worker's own
 * pool does). Only a pool configured with a JDBC URL and fixed credentials says how to connect; any
 * other data source lends the connection itself.
 */
final class ListenBesidePool {

    private ListenBesidePool() {
    }

    /**
     * @param application the application's data source
     * @return a data source that opens connections as the pool does, when the pool says how
     */
    static Optional<DataSource> of(DataSource application) {
        HikariDataSource pool;
        try {
            if (!application.isWrapperFor(HikariDataSource.class)) {
                return Optional.empty();
            }
            pool = application.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            return Optional.empty();
        }
        // A data source class instead of a URL, or credentials that a provider hands out and renews.
        if (pool.getJdbcUrl() == null || pool.getCredentialsProvider() != null
                || pool.getCredentialsProviderClassName() != null) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        Database.WORKER_DRIVER_PROPERTIES.forEach(properties::putIfAbsent);
        return Optional.of(new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(), properties,
                pool.getUsername(), pool.getPassword()));
    }
}
