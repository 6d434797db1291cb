package dev.graphileworker.postgres.internal.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code migrations} table, kept exactly as graphile-worker keeps it: one row per revision,
 * with its breaking flag, and a {@code worker:migrate} notice for every revision applied.
 */
final class MigrationLedger {

    /** Revisions up to {@link Migrator#CURRENT_REVISION} that graphile-worker marks as breaking. */
    static final Set<Integer> BREAKING_REVISIONS = Set.of(1, 3, 11, 13, 14, 16, 19);

    /** The NOTIFY channel on which workers learn that the schema changed. */
    static final String MIGRATE_CHANNEL = "worker:migrate";

    /**
     * A ledger below revision 19 whose newest row is this recent is probably an install by
     * graphile-worker in progress (it commits one migration at a time).
     */
    private static final int IN_PROGRESS_SECONDS = 10;

    private final String quotedSchema;

    MigrationLedger(String quotedSchema) {
        this.quotedSchema = quotedSchema;
    }

    /** The state of the ledger; {@code revision} is null when there is no schema or no row yet. */
    record State(Integer revision, boolean recentlyChanged) {
    }

    State read(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select to_regclass(?) is not null")) {
            exists.setString(1, quotedSchema + ".migrations");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new State(null, false);
                }
            }
        }
        String sql = "select max(id), coalesce(max(ts) > now() - make_interval(secs => "
                + IN_PROGRESS_SECONDS + "), false) from " + quotedSchema + ".migrations";
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            int max = rs.getInt(1);
            return new State(rs.wasNull() ? null : max, rs.getBoolean(2));
        }
    }

    List<Integer> breakingRevisionsAbove(Connection connection, int revision) throws SQLException {
        List<Integer> result = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select id from " + quotedSchema + ".migrations where id > ? and breaking order by id")) {
            statement.setInt(1, revision);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getInt(1));
                }
            }
        }
        return result;
    }

    /** Records rows 1 to {@code revision}, as a database migrated step by step would have them. */
    void recordAllUpTo(Connection connection, int revision) throws SQLException {
        try (PreparedStatement ledger = connection.prepareStatement("insert into " + quotedSchema
                + ".migrations (id, breaking) select n, n = any(?) from generate_series(1, ?) as n")) {
            ledger.setArray(1, connection.createArrayOf("int4", BREAKING_REVISIONS.toArray()));
            ledger.setInt(2, revision);
            ledger.executeUpdate();
        }
    }

    /** Records one revision; a concurrent migrator recording the same one clashes here. */
    void record(Connection connection, int revision) throws SQLException {
        try (PreparedStatement ledger = connection.prepareStatement(
                "insert into " + quotedSchema + ".migrations (id, breaking) values (?, ?)")) {
            ledger.setInt(1, revision);
            ledger.setBoolean(2, BREAKING_REVISIONS.contains(revision));
            ledger.executeUpdate();
        }
    }

    static void announce(Connection connection, int revision) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, MIGRATE_CHANNEL);
            notify.setString(2, "{\"migrationNumber\":" + revision + ",\"breaking\":"
                    + BREAKING_REVISIONS.contains(revision) + "}");
            notify.execute();
        }
    }
}
