package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.domain.LockTimeout;

/**
 * graphile-worker's lock timeout ({@link LockTimeout}) in SQL, for the statements written here; the
 * schema's own functions spell the same four hours out.
 */
public final class LockTimeoutSql {

    /** The instant before which a lock is stale (its worker presumed dead), as of the statement's {@code now()}. */
    public static final String STALE_BEFORE = "(now() - interval '" + LockTimeout.DURATION.toSeconds() + " seconds')";

    private LockTimeoutSql() {
    }

    /**
     * @param alias the alias of a {@code _private_jobs} or {@code _private_job_queues} row
     * @return a condition, never null, that holds when a worker presumed alive holds the row
     */
    public static String isLocked(String alias) {
        return "(" + alias + ".locked_at is not null and " + alias + ".locked_at >= " + STALE_BEFORE + ")";
    }
}
