package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema of this library's own records for task rate limits ({@code WorkerOptions.taskRateLimit}),
 * beside the queue's schema and named after it ({@code graphile_worker_limits} for
 * {@code graphile_worker}). It holds one table, {@value #TABLE}: the recent starts of rate-limited
 * tasks, pruned by the claims themselves. Made and installed as every schema of this library's own is
 * ({@link CompanionSchema}).
 */
public final class LimitsSchema {

    /** Appended to the queue's schema name. */
    public static final String SUFFIX = "_limits";

    /** The table of recent starts of rate-limited tasks. */
    public static final String TABLE = "task_starts";

    /** First half of the advisory lock key ("gwli"); the second half is a hash of the limits schema's name. */
    static final int LOCK_CLASS = 0x67776c69;

    private static final CompanionSchema.Kind KIND = new CompanionSchema.Kind(SUFFIX, TABLE, LOCK_CLASS,
            "the records of task rate limits", "Task rate limits are recorded", "set no task rate limit",
            LimitsSchema::ddl);

    private final CompanionSchema schema;

    /**
     * @param dataSource where the database is
     * @param queueSchema the queue's schema name, unquoted (for example {@code graphile_worker})
     * @throws WorkerException when the limits schema's name would be too long
     */
    public LimitsSchema(DataSource dataSource, String queueSchema) {
        this.schema = new CompanionSchema(KIND, dataSource, queueSchema);
    }

    /**
     * @param queueSchema the queue's schema name, unquoted
     * @return the limits schema's name, unquoted: the queue's with {@value #SUFFIX} appended
     * @throws WorkerException when that name is longer than PostgreSQL allows (it would silently be cut)
     */
    public static String nameFor(String queueSchema) {
        return CompanionSchema.nameFor(KIND, queueSchema);
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
}
