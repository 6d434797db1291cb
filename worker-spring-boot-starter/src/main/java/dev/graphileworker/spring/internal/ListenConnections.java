package dev.graphileworker.spring.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The source of the worker's one long-lived LISTEN connection: beside the application's pool rather
 * than out of it, so the pool keeps all its connections for the application, and the session name the
 * worker sets on that connection never goes back into the pool. Only a HikariCP pool (Spring Boot's
 * default) says how it connects; for any other pool the connection is borrowed from it.
 */
public final class ListenConnections {

    private ListenConnections() {
    }

    /**
     * @param applicationDataSource the application's data source
     * @return a data source that opens a new connection as the pool does, when the pool says how
     */
    public static Optional<DataSource> besidePool(DataSource applicationDataSource) {
        HikariDataSource hikari;
        try {
            if (!applicationDataSource.isWrapperFor(HikariDataSource.class)) {
                return Optional.empty();
            }
            hikari = applicationDataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            return Optional.empty();
        }
        if (hikari.getJdbcUrl() == null) {
            // Configured through a DataSource class name rather than a URL: nothing to connect with.
            return Optional.empty();
        }
        DriverManagerDataSource direct = new DriverManagerDataSource(hikari.getJdbcUrl());
        Properties properties = new Properties();
        properties.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
            properties.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            properties.setProperty("password", hikari.getPassword());
        }
        direct.setConnectionProperties(properties);
        return Optional.of(direct);
    }
}
