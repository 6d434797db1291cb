package dev.graphileworker.perf;

import java.util.Locale;

/**
 * The two pgbench scripts that empty a queue of jobs, each a ceiling for a worker's throughput on
 * PostgreSQL alone: the naive one does less than any worker can, the fair one what every worker must.
 */
enum ClaimCeiling {

    /** Claims and deletes in one statement: no worker can, since a job runs between the two. */
    NAIVE("claim-and-delete.sql", "naive ceiling: claim %d with SKIP LOCKED + delete per statement"),

    /**
     * Claims as our worker does (locks the jobs, counts the attempt, returns them) and commits without
     * waiting for the disk, as our worker's claims do, then deletes them in a second transaction, as
     * completing them does.
     */
    FAIR("claim-then-delete.sql",
            "fair ceiling: claim %d with SKIP LOCKED, commit (not waiting for the disk), then delete, commit");

    private final String script;
    private final String description;

    ClaimCeiling(String script, String description) {
        this.script = script;
        this.description = description;
    }

    /** @return the file in perf/pgbench; it takes the jobs per claim as the variable {@code batch} */
    String script() {
        return script;
    }

    /** @return what a row of the table says it measured, for {@code batch} jobs per claim */
    String describe(int batch) {
        return String.format(Locale.ROOT, description, batch);
    }
}
