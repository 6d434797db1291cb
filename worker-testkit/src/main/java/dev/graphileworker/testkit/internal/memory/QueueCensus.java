package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.QueueDepth;
import java.time.Instant;

/** Counts the jobs of a table by state, as the PostgreSQL adapter's query does. */
public final class QueueCensus {

    private final JobTable table;

    /** @param table the jobs to count */
    public QueueCensus(JobTable table) {
        this.table = table;
    }

    /**
     * @param now the moment that separates due jobs from scheduled ones
     * @return the counts
     */
    public QueueDepth count(Instant now) {
        long runnable = 0;
        long scheduled = 0;
        long locked = 0;
        long permanentlyFailed = 0;
        for (StoredJob job : table.all()) {
            if (job.lockedAt != null) {
                locked++;
            } else if (job.attempts >= job.maxAttempts) {
                permanentlyFailed++;
            } else if (job.runAt.isAfter(now)) {
                scheduled++;
            } else {
                runnable++;
            }
        }
        return new QueueDepth(runnable, scheduled, locked, permanentlyFailed);
    }
}
