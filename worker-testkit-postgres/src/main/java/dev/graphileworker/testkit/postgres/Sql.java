package dev.graphileworker.testkit.postgres;

import dev.graphileworker.testkit.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain SQL for setting up and checking a test, each call on a connection of its own. A
 * {@link TestDatabase} is one; {@link #on(DataSource)} makes one for any other data source.
 *
 * <pre>{@code
 * database.execute("select graphile_worker.add_job('send_email')");
 * Poll.until("the job is done", () -> database.count("select count(*) from graphile_worker.jobs") == 0);
 * assertThat(database.texts("select email from sent order by id")).containsExactly("ada@example.com");
 * }</pre>
 *
 * <p>Statements take no parameters: they are for SQL the test itself writes. A statement that fails
 * throws an {@link IllegalStateException} naming the SQL, with the driver's {@link SQLException} as its
 * cause.
 */
@FunctionalInterface
public interface Sql {

    /**
     * @param dataSource where to connect
     * @return plain SQL on that data source
     */
    static Sql on(DataSource dataSource) {
        return () -> dataSource;
    }

    /** @return where each call connects */
    DataSource dataSource();

    /**
     * Runs SQL that returns nothing the caller needs: DDL, an {@code insert} or {@code update}, a
     * {@code select} of a function for its effect.
     *
     * @param sql the statement, without parameters (or several, separated by semicolons)
     */
    default void execute(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * Reads a number from a query of one row, such as {@code select count(*) from ...}.
     *
     * @param sql a query whose first row's first column is a whole number
     * @return that number; 0 when it is SQL {@code null}
     * @throws IllegalStateException also when the query returns no row
     */
    default long count(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            if (!row.next()) {
                throw new IllegalStateException("No row from: " + sql);
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * Reads one value, as PostgreSQL writes it as text ({@code t} for true, timestamps in the session's
     * time zone).
     *
     * @param sql a query that returns at least one row
     * @return its first row's first column as text, or {@code null} when it is SQL {@code null}
     * @throws IllegalStateException also when the query returns no row
     */
    default String text(String sql) {
        List<List<String>> rows = rows(sql);
        if (rows.isEmpty()) {
            throw new IllegalStateException("No row from: " + sql);
        }
        return rows.get(0).get(0);
    }

    /**
     * Reads one column.
     *
     * @param sql a query
     * @return the first column of every row, in the query's order, as text ({@code null} stays null)
     */
    default List<String> texts(String sql) {
        return rows(sql).stream().map(row -> row.get(0)).toList();
    }

    /**
     * Reads a whole result.
     *
     * @param sql a query
     * @return every row, in the query's order, each a list of its columns as text ({@code null} stays
     *     null); the lists may be changed
     */
    default List<List<String>> rows(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getString(column));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * Waits until a query counts the expected number, at most {@link Poll#DEADLINE}: for what another
     * thread or process does, such as a worker running the jobs a test added.
     *
     * @param sql a query as for {@link #count(String)}
     * @param expected the number to wait for
     * @throws AssertionError when the deadline passes first; it shows the last count
     */
    default void awaitCount(String sql, long expected) {
        long[] last = new long[1];
        Poll.until(sql + " counts " + expected, Poll.DEADLINE, () -> (last[0] = count(sql)) == expected,
                () -> "The last count was " + last[0] + ".");
    }

    private static IllegalStateException failed(String sql, SQLException e) {
        return new IllegalStateException("Failed: " + sql + ": " + e.getMessage(), e);
    }
}
