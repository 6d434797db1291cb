package dev.graphileworker.postgres.internal.connection;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application's data source whose connections are handed to the worker in auto-commit mode. The
 * worker's statements (claims, results, enqueueing on its own connection, listening) each commit on
 * their own; a pool configured with auto-commit off (a common setting beside Hibernate) would
 * otherwise have them rolled back when the connection goes back, so that a job ran and was claimed
 * again, for ever. The pool restores its own setting when the connection is returned.
 */
final class AutoCommitDataSource implements DataSource {

    private final DataSource application;

    AutoCommitDataSource(DataSource application) {
        this.application = application;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return autoCommitting(application.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return autoCommitting(application.getConnection(username, password));
    }

    private static Connection autoCommitting(Connection connection) throws SQLException {
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return application.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        application.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        application.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return application.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return application.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : application.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || application.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return application.toString();
    }
}
