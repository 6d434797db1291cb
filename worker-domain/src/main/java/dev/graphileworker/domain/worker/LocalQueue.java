package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Jobs claimed ahead, waiting for a free slot. They are taken in claim order (priority, run at, id),
 * so a job of higher priority from a later claim goes first, and given back when they have waited
 * too long. Not thread-safe.
 */
final class LocalQueue {

    /**
     * Written out rather than composed of {@code Comparator.comparing} lambdas: in a run with the quick
     * compiler only, the composed comparator's calls through lambdas were about 5% of the worker's CPU.
     */
    private static final Comparator<Waiting> CLAIM_ORDER = new Comparator<>() {
        @Override
        public int compare(Waiting first, Waiting second) {
            JobRow a = first.job();
            JobRow b = second.job();
            int byPriority = Integer.compare(a.priority(), b.priority());
            if (byPriority != 0) {
                return byPriority;
            }
            int byRunAt = a.runAt().compareTo(b.runAt());
            return byRunAt != 0 ? byRunAt : Long.compare(a.id(), b.id());
        }
    };

    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(CLAIM_ORDER);
    /** How many waiting jobs were claimed at each instant: the earliest is the first to expire. */
    private final TreeMap<Instant, Integer> claimTimes = new TreeMap<>();
    private final Duration ttl;

    LocalQueue(Duration ttl) {
        this.ttl = ttl;
    }

    void add(List<JobRow> jobs, Instant now) {
        for (JobRow job : jobs) {
            waiting.add(new Waiting(job, now));
        }
        if (!jobs.isEmpty()) {
            claimTimes.merge(now, jobs.size(), Integer::sum);
        }
    }

    /** @return the next job to run, or {@code null} when none waits */
    JobRow poll() {
        Waiting next = waiting.poll();
        if (next == null) {
            return null;
        }
        claimTimes.computeIfPresent(next.claimedAt(), (claimedAt, count) -> count == 1 ? null : count - 1);
        return next.job();
    }

    int size() {
        return waiting.size();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** @return how long until the first waiting job has waited too long (zero or less: already), or null when none waits */
    Duration untilFirstExpiry(Instant now) {
        return claimTimes.isEmpty() ? null : Duration.between(now, claimTimes.firstKey().plus(ttl));
    }

    /** @return the jobs that have waited the TTL or longer, removed */
    List<JobRow> removeExpired(Instant now) {
        Instant claimedBefore = now.minus(ttl);
        List<JobRow> expired = new ArrayList<>();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (!w.claimedAt().isAfter(claimedBefore)) {
                expired.add(w.job());
                it.remove();
            }
        }
        claimTimes.headMap(claimedBefore, true).clear();
        return expired;
    }

    /** @return every waiting job, removed */
    List<JobRow> removeAll() {
        List<JobRow> all = new ArrayList<>(waiting.size());
        waiting.forEach(w -> all.add(w.job()));
        waiting.clear();
        claimTimes.clear();
        return all;
    }

    private record Waiting(JobRow job, Instant claimedAt) {
    }
}
