package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of this library's own records for task rate limits ({@code WorkerOptions.taskRateLimit}),
 * beside the queue's schema and named after it ({@code graphile_worker_limits} for
 * {@code graphile_worker}), so that nothing is added to the queue's schema, which stays identical to
 * Node.js graphile-worker's. It holds one table, {@value #TABLE}: the recent starts of rate-limited
 * tasks, pruned by the claims themselves. Made as {@link HistorySchema} is.
 *
 * <p>{@link #install()} creates it when it is missing, in one transaction, serialised between workers
 * of this library starting at once by a transaction-level advisory lock keyed on the limits schema's
 * name (as the {@link Migrator} does for the queue's schema). When the table exists it changes nothing
 * and needs no privilege beyond reading the catalog, so a database administrator may create it ahead
 * for a worker role that may not create schemas.
 */
public final class LimitsSchema {

    /** Appended to the queue's schema name. */
    public static final String SUFFIX = "_limits";

    /** The table of recent starts of rate-limited tasks. */
    public static final String TABLE = "task_starts";

    /** First half of the advisory lock key ("gwli"); the second half is a hash of the limits schema's name. */
    static final int LOCK_CLASS = 0x67776c69;

    private static final Logger LOG = LoggerFactory.getLogger(LimitsSchema.class);

    private final DataSource dataSource;
    private final String name;
    private final String quoted;

    /**
     * @param dataSource where the database is
     * @param queueSchema the queue's schema name, unquoted (for example {@code graphile_worker})
     * @throws WorkerException when the limits schema's name would be too long
     */
    public LimitsSchema(DataSource dataSource, String queueSchema) {
        this.dataSource = dataSource;
        this.name = nameFor(queueSchema);
        this.quoted = SchemaName.quote(name);
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the limits schema's name, unquoted: the queue's with {@value #SUFFIX} appended
     * @throws WorkerException when that name is longer than PostgreSQL allows (it would silently be cut)
     */
    public static String nameFor(String queueSchema) {
        SchemaName.quote(queueSchema);
        String name = queueSchema + SUFFIX;
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SchemaName.MAX_BYTES) {
            throw new WorkerException("Task rate limits are recorded in the schema '" + name + "', which is "
                    + bytes + " bytes long; PostgreSQL names are limited to " + SchemaName.MAX_BYTES + " bytes. Use a"
                    + " queue schema name of at most " + (SchemaName.MAX_BYTES - SUFFIX.length())
                    + " bytes, or set no task rate limit.");
        }
        return name;
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the limits schema's name quoted as an identifier, ready to put into statements
     */
    public static String quotedNameFor(String queueSchema) {
        return SchemaName.quote(nameFor(queueSchema));
    }

    /** @return the limits schema's name quoted as an identifier */
    public String quotedName() {
        return quoted;
    }

    /**
     * Creates the schema and its table unless the table exists; safe to call from several processes at once.
     *
     * @throws WorkerException if the database fails, or the role may not create what is missing
     */
    public void install() {
        try (Connection connection = dataSource.getConnection()) {
            if (tableExists(connection)) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                    lock.setInt(1, LOCK_CLASS);
                    lock.setString(2, name);
                    lock.execute();
                }
                if (tableExists(connection)) {
                    connection.commit();
                    return;
                }
                createSchemaUnlessItExists(connection);
                try (Statement statement = connection.createStatement()) {
                    for (String ddl : ddl(quoted)) {
                        statement.execute(ddl);
                    }
                }
                connection.commit();
                LOG.info("Created the records of task rate limits in schema {}", quoted);
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not create the records of task rate limits in schema " + quoted + ": "
                    + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
        }
    }

    /** The table and its index: one task's starts in time order, to count and prune a window. */
    static List<String> ddl(String quotedSchema) {
        String table = quotedSchema + "." + TABLE;
        return List.of("create table " + table + " ("
                + " task_identifier text not null,"
                + " started_at timestamptz not null default now())",
                "create index task_starts_task_time_idx on " + table + " (task_identifier, started_at)",
                "comment on table " + table + " is 'Recent starts of rate-limited tasks, recorded by graphile-worker"
                        + " for Java workers (WorkerOptions.taskRateLimit); not part of graphile-worker''s schema.'");
    }

    private boolean tableExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select from pg_class as c"
                + " join pg_namespace as n on n.oid = c.relnamespace where n.nspname = ? and c.relname = ?")) {
            exists.setString(1, name);
            exists.setString(2, TABLE);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** As {@link Migrator}: not {@code create schema if not exists}, which needs CREATE on the database. */
    private void createSchemaUnlessItExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select from pg_namespace where nspname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("create schema " + quoted);
        }
    }
}
