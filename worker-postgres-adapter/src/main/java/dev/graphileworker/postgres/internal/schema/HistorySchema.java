package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema of this library's own history of finished jobs ({@code WorkerOptions.keepHistory}),
 * beside the queue's schema and named after it ({@code graphile_worker_history} for
 * {@code graphile_worker}). It holds one table, {@value #TABLE}. Made and installed as every schema of
 * this library's own is ({@link CompanionSchema}).
 */
public final class HistorySchema {

    /** Appended to the queue's schema name. */
    public static final String SUFFIX = "_history";

    /** The table of finished jobs. */
    public static final String TABLE = "job_history";

    /** First half of the advisory lock key ("gwhi"); the second half is a hash of the history schema's name. */
    static final int LOCK_CLASS = 0x67776869;

    private static final CompanionSchema.Kind KIND = new CompanionSchema.Kind(SUFFIX, TABLE, LOCK_CLASS,
            "the history of finished jobs", "The history of finished jobs is kept", "keep no history",
            HistorySchema::ddl);

    private final CompanionSchema schema;

    /**
     * @param dataSource where the database is
     * @param queueSchema the queue's schema name, unquoted (for example {@code graphile_worker})
     * @throws WorkerException when the history schema's name would be too long
     */
    public HistorySchema(DataSource dataSource, String queueSchema) {
        this.schema = new CompanionSchema(KIND, dataSource, queueSchema);
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the history schema's name, unquoted: the queue's with {@value #SUFFIX} appended
     * @throws WorkerException when that name is longer than PostgreSQL allows (it would silently be cut)
     */
    public static String nameFor(String queueSchema) {
        return CompanionSchema.nameFor(KIND, queueSchema);
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
        return schema.quotedName();
    }

    /**
     * Creates the schema and its table unless the table exists; safe to call from several processes at once.
     *
     * @throws WorkerException if the database fails, or the role may not create what is missing
     */
    public void install() {
        schema.install();
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
}
