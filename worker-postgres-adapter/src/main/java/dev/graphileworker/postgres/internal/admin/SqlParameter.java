package dev.graphileworker.postgres.internal.admin;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One bind parameter of a statement built from parts: values never become SQL text. */
@FunctionalInterface
interface SqlParameter {

    /**
     * @param statement the prepared statement
     * @param index the parameter's position, from 1
     */
    void bind(PreparedStatement statement, int index) throws SQLException;

    static SqlParameter text(String value) {
        return (statement, index) -> statement.setString(index, value);
    }

    static SqlParameter number(long value) {
        return (statement, index) -> statement.setLong(index, value);
    }

    static SqlParameter texts(Object[] values) {
        return (statement, index) -> statement.setArray(index, statement.getConnection().createArrayOf("text", values));
    }

    static SqlParameter numbers(Object[] values) {
        return (statement, index) -> statement.setArray(index, statement.getConnection().createArrayOf("bigint", values));
    }
}
