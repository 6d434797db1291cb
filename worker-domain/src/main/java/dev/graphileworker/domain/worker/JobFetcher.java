package dev.graphileworker.domain.worker;

import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs into the local queue, many per statement: at once for idle runners, ahead of them at
 * the worker's pace. Gives back jobs that waited locally too long, and every waiting job when the
 * worker stops.
 *
 * <p>Jobs of limited tasks ({@link WorkerSettings#taskLimits()}) are claimed first, each task by a
 * claim of its own that the store serialises between workers, and only for runners that would
 * otherwise be idle: never ahead, so that a worker holds no more of a task's share than it runs. The
 * other tasks are claimed by the same statement as without limits, for what is left of the claim.
 * When a limited task's share is full the worker does not try again until one of its own jobs of a
 * limited task settles, jobs arrive, or the poll interval passes (for other workers' completions).
 */
final class JobFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobFetcher.class);

    private final WorkerSettings settings;
    private final JobStore store;
    private final LoopState state;
    private final WorkerEvents events;
    private final ThreadFactory threads;
    private final IntConsumer jobsQueued;
    private final OutageLog claimOutage = new OutageLog(LOG, "claim jobs");
    private final AtomicInteger rotation = new AtomicInteger();

    /**
     * @param threads makes the threads of the claim streams beyond the first
     * @param jobsQueued told how many jobs each claim queued for the runners
     */
    JobFetcher(WorkerSettings settings, JobStore store, LoopState state, WorkerEvents events, ThreadFactory threads,
            IntConsumer jobsQueued) {
        this.settings = settings;
        this.store = store;
        this.state = state;
        this.events = events;
        this.threads = threads;
        this.jobsQueued = jobsQueued;
    }

    /**
     * Claims until the worker stops or, when {@code once}, until no job is runnable and none is held.
     * With a backlog, more than one claim may be under way (see {@link Batching#claimStreams()}): the
     * calling thread claims, and so do threads started here, which end with it.
     *
     * @throws RuntimeException when {@code once} and jobs could not be claimed
     */
    void run(boolean once) {
        if (once) {
            state.endWhenDone();
        }
        AtomicReference<RuntimeException> otherFailure = new AtomicReference<>();
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < settings.batching().claimStreams(); i++) {
            Thread other = threads.newThread(() -> {
                try {
                    claimUntilDone(once);
                } catch (RuntimeException e) {
                    otherFailure.compareAndSet(null, e);
                    state.requestStop(e);
                }
            });
            other.start();
            others.add(other);
        }
        try {
            claimUntilDone(once);
        } finally {
            joinUninterruptibly(others);
        }
        if (otherFailure.get() != null) {
            throw otherFailure.get();
        }
    }

    private static void joinUninterruptibly(List<Thread> others) {
        boolean interrupted = false;
        for (Thread other : others) {
            while (other.isAlive()) {
                try {
                    other.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void claimUntilDone(boolean once) {
        while (true) {
            List<JobRow> expired = state.takeExpired();
            if (!expired.isEmpty()) {
                LOG.debug("Worker {}: {} jobs waited longer than {} ms for a free slot; giving them back",
                        settings.workerId(), expired.size(), settings.batching().localQueueTtl().toMillis());
                release(expired);
            }
            int limit = state.awaitClaim(settings.pollInterval());
            if (limit < 0) {
                return;
            }
            if (limit > 0 && !claimIntoLocalQueue(limit, once)) {
                return;
            }
        }
    }

    /**
     * Claims in the calling runner, with a limit {@link LoopState#awaitTurn} gave it; a claim that fails is
     * reported and retried as the fetcher's own are.
     */
    void claimForRunner(int limit) {
        claimIntoLocalQueue(limit, false);
    }

    /**
     * Claims up to {@code limit} jobs and queues them for the runners, or gives them back when the worker
     * is stopping; the limit comes back to the loop's state whatever happens.
     *
     * @return false when the worker is stopping
     */
    private boolean claimIntoLocalQueue(int limit, boolean once) {
        ClaimAccount account = new ClaimAccount(limit);
        List<JobRow> claimed;
        try {
            claimed = claim(account, once);
        } catch (RuntimeException | Error e) {
            account.queue(List.of());
            throw e;
        }
        if (!account.queue(claimed)) {
            release(claimed);
            return false;
        }
        jobsQueued.accept(claimed.size());
        return true;
    }

    /**
     * One claim as the loop's state counts it: its limit comes back once, when the store says how many
     * jobs it claimed before reading them (so that the next claim may start meanwhile), else with the
     * jobs.
     */
    private final class ClaimAccount {

        private final int limit;
        // A measurement, not a decision: monotonic time, not the clock.
        private final long started = System.nanoTime();
        private int announced = -1;
        private Duration took = Duration.ZERO;

        ClaimAccount(int limit) {
            this.limit = limit;
        }

        /** The claim succeeded: how long it took counts for the next. */
        Duration succeeded() {
            if (announced < 0) {
                took = Duration.ofNanos(System.nanoTime() - started);
            }
            return took;
        }

        void returned(int count) {
            announced = count;
            took = Duration.ofNanos(System.nanoTime() - started);
            state.claimReturned(limit, count, took);
        }

        /** @param jobs the claimed jobs; none when the claim failed */
        boolean queue(List<JobRow> jobs) {
            return announced < 0 ? state.accept(jobs, limit, took) : state.queueReturned(jobs, announced);
        }
    }

    /** Gives back every job waiting locally: the worker is stopping. */
    void releaseQueued() {
        release(state.takeQueued());
    }

    private List<JobRow> claim(ClaimAccount account, boolean once) {
        try {
            Set<String> flags = settings.forbiddenFlagsNow();
            Set<String> identifiers = settings.taskList().identifiers();
            List<JobRow> claimed;
            if (settings.taskLimits().isEmpty()) {
                claimed = store.claimJobs(settings.workerId(), identifiers, flags, account.limit, account::returned);
            } else {
                claimed = claimWithLimits(identifiers, flags, account.limit);
            }
            Duration took = account.succeeded();
            claimOutage.succeeded();
            events.emit(WorkerEventType.WORKER_CLAIM, Map.of("count", claimed.size(),
                    "durationMillis", took.toMillis()));
            if (claimed.isEmpty()) {
                events.emit(WorkerEventType.WORKER_GET_JOB_EMPTY);
            }
            return claimed;
        } catch (RuntimeException e) {
            events.emit(WorkerEventType.WORKER_GET_JOB_ERROR, null, e, Map.of());
            if (once) {
                throw e;
            }
            // Nothing is marked as waiting, so the loop sleeps until the next poll or arrival; this
            // includes a forbidden flags function that threw: claiming without its flags could start
            // the very jobs it means to hold back.
            claimOutage.failed(e);
            return List.of();
        }
    }

    private List<JobRow> claimWithLimits(Set<String> identifiers, Set<String> flags, int limit) {
        List<TaskLimit> limited = new ArrayList<>();
        Set<String> unlimited = new HashSet<>();
        for (String identifier : identifiers) {
            TaskLimit taskLimit = settings.taskLimits().get(identifier);
            if (taskLimit == null) {
                unlimited.add(identifier);
            } else {
                limited.add(taskLimit);
            }
        }
        List<JobRow> claimed = new ArrayList<>();
        try {
            if (!limited.isEmpty()) {
                limited.sort(Comparator.comparing(TaskLimit::taskIdentifier));
                claimLimited(limited, flags, state.unfedRunners(limit), claimed);
            }
            int rest = limit - claimed.size();
            if (rest > 0 && !unlimited.isEmpty()) {
                claimed.addAll(store.claimJobs(settings.workerId(), unlimited, flags, rest));
            }
        } catch (RuntimeException e) {
            // The claim as a whole failed: what its first statements took is given back, not lost.
            release(claimed);
            throw e;
        }
        return claimed;
    }

    /**
     * Claims jobs of limited tasks for {@code slots} idle runners, starting with a different task each
     * time so that no task starves the others.
     */
    private void claimLimited(List<TaskLimit> limited, Set<String> flags, int slots, List<JobRow> claimed) {
        boolean mayWait = false;
        int first = Math.floorMod(rotation.getAndIncrement(), limited.size());
        for (int i = 0; i < limited.size(); i++) {
            int wanted = slots - claimed.size();
            if (wanted < 1) {
                mayWait = true;
                break;
            }
            List<JobRow> taken = store.claimLimitedJobs(settings.workerId(),
                    limited.get((first + i) % limited.size()), flags, wanted);
            claimed.addAll(taken);
            // All that was asked for: the limit may allow more, and more may wait.
            mayWait |= taken.size() == wanted;
        }
        if (mayWait) {
            state.limitedJobsMayWait();
        }
    }

    private void release(List<JobRow> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        try {
            store.releaseJobs(settings.workerId(), jobs.stream().map(JobRow::id).toList());
        } catch (RuntimeException e) {
            LOG.error("Could not release {} unstarted jobs; they stay locked by {} until the lock timeout or "
                    + "force_unlock_workers frees them", jobs.size(), settings.workerId(), e);
        }
    }
}
