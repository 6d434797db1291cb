package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.LockTimeout;
import dev.graphileworker.api.TaskLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The statements a worker runs: claim jobs, then complete, fail or release each. */
public final class WorkerStatements {

    private static final Comparator<StoredJob> CLAIM_ORDER = Comparator.<StoredJob>comparingInt(job -> job.priority)
            .thenComparing(job -> job.runAt)
            .thenComparingLong(job -> job.id);

    private final JobTable table;
    private final JobHistoryTable history;
    /** The starts of rate-limited tasks, oldest first, as the store's table of starts holds them. */
    private final Map<String, ArrayDeque<Instant>> starts = new HashMap<>();

    /**
     * @param table the tables to read and write
     * @param history where finished jobs are recorded, when it is kept
     */
    public WorkerStatements(JobTable table, JobHistoryTable history) {
        this.table = table;
        this.history = history;
    }

    /**
     * Claims jobs of one limited task: at most its limit less its jobs locked by a worker presumed
     * alive, and at most its rate less its starts in the window. Atomic, as every statement here is.
     */
    public List<JobRow> claimLimited(String workerId, TaskLimit limit, Set<String> forbiddenFlags, int wanted,
            Instant now) {
        Instant staleBefore = LockTimeout.staleBefore(now);
        int allowed = wanted;
        if (limit.maxRunning().isPresent()) {
            long running = table.all().stream()
                    .filter(job -> job.taskIdentifier.equals(limit.taskIdentifier()) && job.isLocked(staleBefore))
                    .count();
            allowed = (int) Math.min(allowed, limit.maxRunning().getAsInt() - running);
        }
        ArrayDeque<Instant> recent = null;
        if (limit.maxStarts().isPresent()) {
            recent = starts.computeIfAbsent(limit.taskIdentifier(), task -> new ArrayDeque<>());
            Instant windowStart = now.minus(limit.per().orElseThrow());
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
                recent.removeFirst();
            }
            allowed = Math.min(allowed, limit.maxStarts().getAsInt() - recent.size());
        }
        if (allowed < 1) {
            return List.of();
        }
        List<JobRow> claimed = claim(workerId, Set.of(limit.taskIdentifier()), forbiddenFlags, allowed, now);
        if (recent != null) {
            for (int i = 0; i < claimed.size(); i++) {
                recent.addLast(now);
            }
        }
        return claimed;
    }

    /**
     * Takes at most one job per named queue, because two jobs of one queue running at once would break
     * the queue's promise to run its jobs one at a time, in order.
     */
    public List<JobRow> claim(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit,
            Instant now) {
        Instant staleBefore = LockTimeout.staleBefore(now);
        Set<String> forbidden = forbiddenFlags == null ? Set.of() : forbiddenFlags;
        List<StoredJob> candidates = table.all().stream()
                .filter(StoredJob::isAvailable)
                .filter(job -> !job.runAt.isAfter(now))
                .filter(job -> taskIdentifiers.contains(job.taskIdentifier))
                .filter(job -> Collections.disjoint(job.flags, forbidden))
                .filter(job -> job.queueName == null || table.isQueueAvailable(job.queueName, staleBefore))
                .sorted(CLAIM_ORDER)
                .toList();
        Set<String> queuesTaken = new HashSet<>();
        List<JobRow> claimed = new ArrayList<>();
        for (StoredJob job : candidates) {
            if (claimed.size() >= limit) {
                break;
            }
            if (job.queueName != null && !queuesTaken.add(job.queueName)) {
                continue;
            }
            job.lockTo(workerId, now);
            job.attempts++;
            if (job.queueName != null) {
                table.lockQueue(job.queueName, workerId, now);
            }
            claimed.add(job.toRow());
        }
        return claimed;
    }

    /**
     * Frees jobs and queues locked longer than the lock timeout; a freed job's {@code run_at} in the
     * past moves up to now, as graphile-worker's sweep does.
     */
    public int releaseStaleLocks(Instant now) {
        Instant staleBefore = LockTimeout.staleBefore(now);
        int released = 0;
        for (StoredJob job : table.all()) {
            if (job.lockedAt != null && job.lockedAt.isBefore(staleBefore)) {
                job.unlock();
                if (job.runAt.isBefore(now)) {
                    job.runAt = now;
                }
                released++;
            }
        }
        table.unlockQueuesLockedBefore(staleBefore);
        return released;
    }

    /**
     * graphile-worker deletes a completed job whoever holds it; only the queue's unlock is the worker's.
     * Each deleted job is recorded in the history, when it is kept, with its run time (zero when not given).
     */
    public void complete(String workerId, Map<Long, Duration> runTimes, Instant now) {
        for (StoredJob job : table.withIds(runTimes.keySet())) {
            table.delete(job);
            table.unlockQueueIfHeldBy(job.queueName, workerId);
            history.completed(job, workerId, runTimes.get(job.id), now);
        }
    }

    /**
     * Failures of jobs this worker no longer holds (force-unlocked, reclaimed) are ignored; a failure
     * with a replacement payload (a batch job that failed in part) swaps the job's payload.
     */
    public void fail(String workerId, Collection<JobFailure> failures, Instant now) {
        Map<Long, JobFailure> byId = new HashMap<>();
        for (JobFailure failure : failures) {
            byId.put(failure.jobId(), failure);
        }
        for (StoredJob job : table.withIds(byId.keySet())) {
            if (!job.isLockedBy(workerId)) {
                continue;
            }
            JobFailure failure = byId.get(job.id);
            JsonNode ran = job.payload;
            job.lastError = failure.message();
            failure.replacementPayload().ifPresent(payload -> job.payload = payload.deepCopy());
            job.runAt = (job.runAt.isAfter(now) ? job.runAt : now).plus(failure.retryDelay());
            job.updatedAt = now;
            job.unlock();
            table.unlockQueueIfHeldBy(job.queueName, workerId);
            if (job.attempts >= job.maxAttempts) {
                history.failedForGood(job, ran, workerId, failure.runTime(), now);
            }
        }
    }

    /** The claim's attempt is taken back because the job never ran. */
    public void release(String workerId, Collection<Long> jobIds, Instant now) {
        for (StoredJob job : table.withIds(jobIds)) {
            if (!job.isLockedBy(workerId)) {
                continue;
            }
            job.attempts = Math.max(0, job.attempts - 1);
            job.updatedAt = now;
            job.unlock();
            table.unlockQueueIfHeldBy(job.queueName, workerId);
        }
    }
}
