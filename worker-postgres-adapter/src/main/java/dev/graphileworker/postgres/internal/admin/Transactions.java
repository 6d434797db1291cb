package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.WorkerException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one transaction on a pooled connection, so an action changes all its jobs or none. */
final class Transactions {

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param what what the work does, for the message of a failure ("list jobs")
     * @param work the statements
     * @return what the work returns, once committed
     * @throws WorkerException when a statement fails; nothing is committed then
     */
    <T> T run(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }
}
