package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs this worker holds, by phase. Every job claimed is locked to the worker through three
 * phases, in this order, and leaves at the end of the last (or is given back from the first):
 * <ol>
 *   <li><b>queued</b>: claimed, waiting in the local queue for a free runner;</li>
 *   <li><b>running</b>: its handler runs;</li>
 *   <li><b>settling</b>: its handler is done, its result is yet to be written.</li>
 * </ol>
 * Not thread-safe: {@link LoopState} guards it.
 */
final class HeldJobs {

    private final LocalQueue queued;
    private final Map<Long, JobRow> running = new HashMap<>();
    private int settling;

    HeldJobs(Duration localQueueTtl) {
        this.queued = new LocalQueue(localQueueTtl);
    }

    /** Claimed jobs enter the queued phase. */
    void queue(List<JobRow> claimed, Instant now) {
        queued.add(claimed, now);
    }

    /** @return the next queued job, now running, or {@code null} when none is queued */
    JobRow start() {
        JobRow job = queued.poll();
        if (job != null) {
            running.put(job.id(), job);
        }
        return job;
    }

    /**
     * A running job's handler is done: it is settling.
     *
     * @return whether other jobs are still queued or running, whose results may yet join this one's
     */
    boolean finish(JobRow job) {
        running.remove(job.id());
        settling++;
        return !queued.isEmpty() || !running.isEmpty();
    }

    /**
     * Results of {@code count} settling jobs were written, or given up on: the jobs leave. A result
     * may be written before its runner reports the job finished, so the count may dip below zero for
     * that moment; it is right again once both have happened.
     */
    void settled(int count) {
        settling -= count;
    }

    /** @return the queued jobs that have waited the local queue's TTL, removed: to be given back */
    List<JobRow> removeExpired(Instant now) {
        return queued.removeExpired(now);
    }

    /** @return every queued job, removed: the worker is stopping and gives them back */
    List<JobRow> removeQueued() {
        return queued.removeAll();
    }

    /** @return how long until the first queued job has waited too long, or null when none is queued */
    Duration untilFirstExpiry(Instant now) {
        return queued.untilFirstExpiry(now);
    }

    int queuedCount() {
        return queued.size();
    }

    int runningCount() {
        return running.size();
    }

    /** @return the running jobs, copied */
    List<JobRow> runningJobs() {
        return List.copyOf(running.values());
    }

    /** @return whether no job is held in any phase */
    boolean isEmpty() {
        return queued.isEmpty() && running.isEmpty() && settling == 0;
    }
}
