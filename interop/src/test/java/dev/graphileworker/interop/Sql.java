package dev.graphileworker.interop;

import dev.graphileworker.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain statements on a test database, for setting up and checking. */
final class Sql {

    private Sql() {
    }

    static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(TestDatabase database, String sql) throws SQLException {
        List<List<String>> rows = rows(database, sql);
        return Long.parseLong(rows.get(0).get(0));
    }

    /** @return every row, each column as text (null stays null) */
    static List<List<String>> rows(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getString(c));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** @return the migration ledger: id, ts and breaking of every row, by id */
    static List<List<String>> migrationLedger(TestDatabase database) throws SQLException {
        return rows(database, "select id, ts, breaking from graphile_worker.migrations order by id");
    }
}
