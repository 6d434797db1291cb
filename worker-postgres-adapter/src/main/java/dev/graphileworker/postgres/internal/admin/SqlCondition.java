package dev.graphileworker.postgres.internal.admin;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition of a {@code where} clause with its bind parameters, in the order their {@code ?} appear.
 *
 * @param sql the condition, with {@code ?} for every value
 * @param parameters the values
 */
record SqlCondition(String sql, List<SqlParameter> parameters) {

    static final SqlCondition ALWAYS = new SqlCondition("true", List.of());

    SqlCondition {
        parameters = List.copyOf(parameters);
    }

    static SqlCondition of(String sql, SqlParameter... parameters) {
        return new SqlCondition(sql, List.of(parameters));
    }

    SqlCondition and(SqlCondition other) {
        List<SqlParameter> both = new ArrayList<>(parameters);
        both.addAll(other.parameters);
        return new SqlCondition("(" + sql + ") and (" + other.sql + ")", both);
    }

    /**
     * Binds the parameters from {@code firstIndex} on.
     *
     * @return the index of the next parameter after them
     */
    int bind(PreparedStatement statement, int firstIndex) throws SQLException {
        int index = firstIndex;
        for (SqlParameter parameter : parameters) {
            parameter.bind(statement, index++);
        }
        return index;
    }
}
