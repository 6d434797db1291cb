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
 * The schema of this library's own history of finished jobs ({@code WorkerOptions.keepHistory}),
 * beside the queue's schema and named after it ({@code graphile_worker_history} for
 * {@code graphile_worker}), so that nothing is added to the queue's schema, which stays identical to
 * Node.js graphile-worker's. It holds one table, {@value #TABLE}.
 *
 * <p>{@link #install()} creates it when it is missing, in one transaction, serialised between workers
 * of this library starting at once by a transaction-level advisory lock keyed on the history schema's
 * name (as the {@link Migrator} does for the queue's schema). When the table exists it changes nothing
 * and needs no privilege beyond reading the catalog, so a database administrator may create it ahead
 * for a worker role that may not create schemas.
 */
public final class HistorySchema {

    /** Appended to the queue's schema name. */
    public static final String SUFFIX = "_history";

    /** The table of finished jobs. */
    public static final String TABLE = "job_history";

    /** First half of the advisory lock key ("gwhi"); the second half is a hash of the history schema's name. */
    static final int LOCK_CLASS = 0x67776869;

    private static final Logger LOG = LoggerFactory.getLogger(HistorySchema.class);

    private final DataSource dataSource;
    private final String name;
    private final String quoted;

    /**
     * @param dataSource where the database is
     * @param queueSchema the queue's schema name, unquoted (for example {@code graphile_worker})
     * @throws WorkerException when the history schema's name would be too long
     */
    public HistorySchema(DataSource dataSource, String queueSchema) {
        this.dataSource = dataSource;
        this.name = nameFor(queueSchema);
        this.quoted = SchemaName.quote(name);
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the history schema's name, unquoted: the queue's with {@value #SUFFIX} appended
     * @throws WorkerException when that name is longer than PostgreSQL allows (it would silently be cut)
     */
    public static String nameFor(String queueSchema) {
        SchemaName.quote(queueSchema);
        String name = queueSchema + SUFFIX;
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SchemaName.MAX_BYTES) {
            throw new WorkerException("The history of finished jobs is kept in the schema '" + name + "', which is "
                    + bytes + " bytes long; PostgreSQL names are limited to " + SchemaName.MAX_BYTES + " bytes. Use a"
                    + " queue schema name of at most " + (SchemaName.MAX_BYTES - SUFFIX.length())
                    + " bytes, or keep no history.");
        }
        return name;
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the history schema's name quoted as an identifier, ready to put into statements
     */
    public static String quotedNameFor(String queueSchema) {
        return SchemaName.quote(nameFor(queueSchema));
    }

    /** @return the history schema's name quoted as an identifier */
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
                LOG.info("Created the history of finished jobs in schema {}", quoted);
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not create the history of finished jobs in schema " + quoted + ": "
                    + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
        }
    }

    /** The table and its indexes: the primary key (pages, pruning), the job id (one job's entries), a BRIN on the time. */
    static List<String> ddl(String quotedSchema) {
        String table = quotedSchema + "." + TABLE;
        return List.of("create table " + table + " ("
                + " entry_id bigint generated always as identity constraint job_history_pkey primary key,"
                + " job_id bigint not null,"
                + " task_identifier text not null,"
                + " queue_name text,"
                + " key text,"
                + " payload json not null,"
                + " attempts integer not null,"
                + " outcome text not null constraint job_history_outcome_check"
                + "   check (outcome in ('completed', 'permanently_failed')),"
                + " last_error text,"
                + " worker_id text not null,"
                + " finished_at timestamptz not null default now(),"
                + " run_time interval not null)",
                "create index job_history_job_id_idx on " + table + " (job_id)",
                // Rows arrive in time order, so a BRIN index finds old ones for pruning at almost no cost per insert.
                "create index job_history_finished_at_idx on " + table + " using brin (finished_at)",
                "comment on table " + table + " is 'Finished jobs recorded by graphile-worker for Java workers"
                        + " (WorkerOptions.keepHistory); not part of graphile-worker''s schema.'");
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
