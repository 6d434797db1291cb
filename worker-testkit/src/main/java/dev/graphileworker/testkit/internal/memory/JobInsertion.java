package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code add_jobs} and the {@code unsafe_dedupe} branch of {@code add_job}: what happens when a new
 * job's key is already taken.
 */
public final class JobInsertion {

    private final JobTable table;

    /** @param table the tables to write */
    public JobInsertion(JobTable table) {
        this.table = table;
    }

    /**
     * add_jobs: a keyed job that is running or out of attempts gives its key up (and its remaining
     * attempts, since the new job supersedes it), so the new job is inserted beside it; an available
     * one is overwritten in place.
     *
     * @param preserveRunAt keep the run at of an overwritten job that was never attempted
     * @return the inserted or overwritten jobs, in the order of {@code jobs}
     */
    public List<JobRow> addJobs(List<NewJob> jobs, boolean preserveRunAt, Instant now) {
        rejectRepeatedKeys(jobs);
        for (NewJob job : jobs) {
            table.ensureTask(job.identifier());
            table.ensureQueue(job.queueName());
        }
        for (NewJob job : jobs) {
            Optional<StoredJob> holder = job.key() == null ? Optional.empty() : table.withKey(job.key());
            holder.filter(existing -> !existing.isAvailable()).ifPresent(superseded -> {
                table.clearKey(superseded);
                superseded.attempts = superseded.maxAttempts;
                superseded.updatedAt = now;
            });
        }
        List<JobRow> written = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            Optional<StoredJob> existing = job.key() == null ? Optional.empty() : table.withKey(job.key());
            StoredJob stored;
            if (existing.isPresent()) {
                stored = existing.get();
                stored.replaceWith(job, preserveRunAt, now);
            } else {
                stored = table.insert(job, now);
            }
            written.add(stored.toRow());
        }
        return written;
    }

    /**
     * add_job with {@code unsafe_dedupe}: whatever state the holder of the key is in, even running or
     * failed, it stays as it is but for its revision.
     */
    public JobRow addJobUnlessKeyExists(NewJob job, Instant now) {
        table.ensureTask(job.identifier());
        table.ensureQueue(job.queueName());
        Optional<StoredJob> existing = table.withKey(job.key());
        if (existing.isPresent()) {
            StoredJob kept = existing.get();
            kept.revision++;
            kept.updatedAt = now;
            return kept.toRow();
        }
        return table.insert(job, now).toRow();
    }

    /**
     * PostgreSQL refuses an {@code insert ... on conflict do update} that would write one row twice,
     * which is what two specs with the same key in one add_jobs call would do.
     */
    private static void rejectRepeatedKeys(List<NewJob> jobs) {
        Set<String> keys = new HashSet<>();
        for (NewJob job : jobs) {
            if (job.key() != null && !keys.add(job.key())) {
                throw new WorkerException("add_jobs was given the job key '" + job.key()
                        + "' more than once; each key may appear only once per call");
            }
        }
    }
}
