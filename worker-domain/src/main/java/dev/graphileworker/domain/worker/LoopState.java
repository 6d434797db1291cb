package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The jobs the worker holds ({@link HeldJobs}, by phase) and what its threads wait on: the fetcher
 * waits until a claim is worth trying, runners wait for a job or, when idle, a claim of their own to
 * make. One lock guards it all. Nothing here calls out: the threads that change the state tell the
 * others what they need to know.
 */
final class LoopState {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition claimWanted = lock.newCondition();
    private final Condition jobQueued = lock.newCondition();
    private final int concurrency;
    private final int localQueueSize;
    private final int claimStreams;
    private final int completionBatchSize;
    private final Clock clock;
    private final HeldJobs held;
    private final Pace pace;
    private boolean stopRequested;
    private boolean endWhenDone;
    /** Claims up to this size are made for exactly what is wanted; see {@link #claimSize}. */
    static final int EXACT_CLAIMS = 32;

    private boolean jobsMayBeWaiting = true;
    private boolean claimAheadPaused;
    private boolean backlog;
    private boolean limitedMayWait;
    private int claimsInFlight;
    /** Runners waiting in {@link #awaitTurn} for something to do. */
    private int runnersWaiting;
    private int jobsInFlight;
    /** Jobs of claims that came back ({@link #claimReturned}) but are not yet queued. */
    private int jobsArriving;
    /**
     * How long the last claim that came back took, from the claimant's call until it knew how many jobs
     * it took; see {@link #claimLimit}.
     */
    private Duration lastClaimTime = Duration.ZERO;
    private Throwable failure;

    LoopState(int concurrency, Batching batching, Clock clock) {
        this.concurrency = concurrency;
        this.localQueueSize = batching.localQueueSize();
        this.claimStreams = batching.claimStreams();
        this.completionBatchSize = batching.completionBatchSize();
        this.clock = clock;
        this.held = new HeldJobs(batching.localQueueTtl());
        this.pace = batching.claimAheadHorizon() == null ? null : new Pace(batching.claimAheadHorizon(), concurrency);
    }

    /**
     * From now on the loop ends once no job is runnable and none is held ({@link #awaitClaim}), and
     * every finished job makes a claim worth trying: such a run hears of no arrivals, and the job may
     * have added jobs (by its helpers or its own SQL) that only a claim after it can find.
     */
    void endWhenDone() {
        lock.lock();
        try {
            endWhenDone = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a claim is worth trying: jobs may be waiting (after an arrival, a claim that found
     * some, a settled job of a named queue, and then the poll interval or, after {@link #endWhenDone},
     * a finished job) and the worker wants more jobs, for idle runners that no claim under way will
     * feed or because the local queue ran down to a quarter of its target.
     *
     * @return how many jobs to claim; 0 when jobs in the local queue have waited too long (take them
     *     with {@link #takeExpired()}); -1 when the loop should end: a stop was requested, or after
     *     {@link #endWhenDone} nothing is waiting, held or settling
     */
    int awaitClaim(Duration pollInterval) {
        lock.lock();
        try {
            while (true) {
                if (stopRequested) {
                    return -1;
                }
                Duration untilExpiry = held.untilFirstExpiry(clock.instant());
                if (untilExpiry != null && (untilExpiry.isNegative() || untilExpiry.isZero())) {
                    return 0;
                }
                int limit = worthClaiming();
                if (limit > 0 && idleRunnersClaim()) {
                    jobQueued.signal();
                } else if (limit > 0) {
                    startClaim(limit);
                    wakeClaimantIfClaimWanted();
                    return limit;
                }
                if (endWhenDone && !jobsMayBeWaiting && claimsInFlight == 0 && jobsArriving == 0 && held.isEmpty()) {
                    claimWanted.signalAll(); // the other claim streams are done too
                    return -1;
                }
                Duration wait = endWhenDone ? untilExpiry
                        : untilExpiry == null || pollInterval.compareTo(untilExpiry) < 0 ? pollInterval : untilExpiry;
                try {
                    if (wait == null) {
                        claimWanted.await();
                    } else if (!claimWanted.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                        jobsMayBeWaiting = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A claim came back with {@code count} jobs, not yet read: they count as queued, and the next claim
     * waits until they are, unless idle runners outnumber them and the jobs already queued. The
     * claimant then queues them with {@link #queueReturned}.
     *
     * @param limit what {@link #awaitClaim} or {@link #awaitTurn} returned for this claim
     * @param took how long the claim took, as its claimant measured it
     */
    void claimReturned(int limit, int count, Duration took) {
        lock.lock();
        try {
            returned(limit, count, took);
            jobsArriving += count;
            wakeClaimantIfClaimWanted();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the jobs of a claim {@link #claimReturned} announced.
     *
     * @param claimed the jobs read; fewer than announced (none) when reading them failed
     * @param count how many {@link #claimReturned} announced
     * @return false when the worker is stopping: the jobs must then be released, not run
     */
    boolean queueReturned(List<JobRow> claimed, int count) {
        lock.lock();
        try {
            jobsArriving -= count;
            return queue(claimed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues claimed jobs for the runners; every limit {@link #awaitClaim} returned must come back
     * here, with no jobs when the claim failed, or through {@link #claimReturned}.
     *
     * @param took how long the claim took, as its claimant measured it; zero when it failed
     * @return false when the worker is stopping: the jobs must then be released, not run
     */
    boolean accept(List<JobRow> claimed, int limit, Duration took) {
        lock.lock();
        try {
            returned(limit, claimed.size(), took);
            return queue(claimed);
        } finally {
            lock.unlock();
        }
    }

    private void returned(int limit, int count, Duration took) {
        claimsInFlight--;
        jobsInFlight -= limit;
        if (took.compareTo(Duration.ZERO) > 0) {
            lastClaimTime = took;
        }
        backlog = count >= limit;
        if (backlog) {
            // More may be waiting beyond the limit. The next claim tells.
            jobsMayBeWaiting = true;
        }
    }

    private boolean queue(List<JobRow> claimed) {
        if (claimed.stream().anyMatch(job -> job.queue() != null)) {
            // More may be waiting behind the first job of a named queue, which took the place of a job
            // it hid from this claim.
            jobsMayBeWaiting = true;
        }
        if (stopRequested) {
            return false;
        }
        held.queue(claimed, clock.instant());
        wakeClaimantIfClaimWanted();
        for (int i = Math.min(claimed.size(), concurrency); i > 0; i--) {
            jobQueued.signal();
        }
        return true;
    }

    /**
     * What a runner does next: run a job, or claim jobs and then ask again.
     *
     * @param job the job to run, marked running; null when the runner is to claim
     * @param claimLimit how many jobs to claim, when {@code job} is null; every such limit must come back
     *     through {@link #accept}
     */
    record Turn(JobRow job, int claimLimit) {
    }

    /**
     * Waits until the calling runner has something to do. An idle runner claims for itself when a claim
     * is worth trying ({@link #awaitClaim}'s test) and no claim under way will feed it: an arrival then
     * reaches a job's start through the thread that hears it and the runner, where a fetcher between
     * them was one more thread to wake, which on a busy machine may wait for a CPU. The fetcher still
     * claims while every runner is busy (the local queue's refill), hands the poll interval and
     * arrivals on to a waiting runner, and claims everything when the loop ends once done, whose end it
     * decides.
     *
     * @return the runner's next turn; null once stopping
     */
    Turn awaitTurn() {
        lock.lock();
        try {
            while (!stopRequested && held.queuedCount() == 0) {
                if (!endWhenDone) {
                    int limit = worthClaiming();
                    if (limit > 0) {
                        startClaim(limit);
                        return new Turn(null, limit);
                    }
                } else {
                    wakeClaimantIfClaimWanted();
                }
                runnersWaiting++;
                try {
                    jobQueued.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } finally {
                    runnersWaiting--;
                }
            }
            if (stopRequested) {
                return null;
            }
            JobRow job = held.start();
            wakeClaimantIfClaimWanted();
            return new Turn(job, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The job's handler is done; its result is yet to be written.
     *
     * @param runTime how long the handler ran, which sets how far ahead the worker claims
     * @return whether other jobs are still queued or running, whose results may yet join this one's
     */
    boolean jobFinished(JobRow job, Duration runTime) {
        lock.lock();
        try {
            boolean othersHeld = held.finish(job);
            if (pace != null) {
                pace.jobFinished(clock.millis(), runTime);
            }
            claimAheadPaused = false;
            if (endWhenDone) {
                jobsMayBeWaiting = true; // it may have added jobs; see endWhenDone
            }
            if (limitedMayWait) {
                // Jobs of limited tasks were left for want of an idle runner: this one is idle now.
                limitedMayWait = false;
                jobsMayBeWaiting = true;
            }
            if (held.isEmpty()) {
                // The job's result may have been written before this report (a batch of one is
                // written by its runner first), so this can be the change that lets a run with
                // `once` end: the fetchers must look again.
                claimWanted.signalAll();
            } else {
                wakeClaimantIfClaimWanted();
            }
            return othersHeld;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Results were written (or given up on).
     *
     * @param count how many
     * @param unlockedQueues whether any of the jobs was in a named queue, whose next job may now run,
     *     or of a limited task, whose share it freed
     */
    void settled(int count, boolean unlockedQueues) {
        lock.lock();
        try {
            held.settled(count);
            if (unlockedQueues) {
                jobsMayBeWaiting = true;
            }
            claimWanted.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the jobs that waited locally too long. Claiming ahead then pauses until a runner finishes
     * a job: the runners are busy with long jobs, so claiming ahead only holds jobs back from other
     * workers.
     */
    List<JobRow> takeExpired() {
        lock.lock();
        try {
            List<JobRow> expired = held.removeExpired(clock.instant());
            if (!expired.isEmpty()) {
                claimAheadPaused = true;
                jobsMayBeWaiting = true;
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    /** @return every job waiting locally, removed: the worker is stopping and gives them back */
    List<JobRow> takeQueued() {
        lock.lock();
        try {
            return held.removeQueued();
        } finally {
            lock.unlock();
        }
    }

    /** @return the jobs running now */
    List<JobRow> runningJobs() {
        lock.lock();
        try {
            return held.runningJobs();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many of the jobs a claim of {@code limit} may take for runners that would otherwise be idle:
     * jobs of limited tasks are claimed only for those, never ahead, so that a worker holds no share of
     * a limit it is not using.
     *
     * @param limit what {@link #awaitClaim} returned for the claim under way
     * @return from 0 to {@code limit}
     */
    int unfedRunners(int limit) {
        lock.lock();
        try {
            int idle = concurrency - held.runningCount();
            int coming = held.queuedCount() + jobsArriving + jobsInFlight - limit;
            return Math.max(0, Math.min(limit, idle - coming));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Jobs of limited tasks may be waiting that the claim just made did not take for want of idle
     * runners: the next job to finish makes a claim worth trying.
     */
    void limitedJobsMayWait() {
        lock.lock();
        try {
            limitedMayWait = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return how many jobs a claim made now would take, by {@link #awaitClaim}'s test, without waiting or
     *     starting it; 0 when no claim is worth trying (for tests, which cannot watch a thread not return)
     */
    int claimDueNow() {
        lock.lock();
        try {
            return worthClaiming();
        } finally {
            lock.unlock();
        }
    }

    void jobsArrived() {
        lock.lock();
        try {
            jobsMayBeWaiting = true;
            wakeClaimant();
        } finally {
            lock.unlock();
        }
    }

    /** @param cause why the worker must stop, or {@code null} for an orderly stop */
    void requestStop(Throwable cause) {
        lock.lock();
        try {
            if (cause != null && failure == null) {
                failure = cause;
            }
            stopRequested = true;
            claimWanted.signalAll();
            jobQueued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isStopRequested() {
        lock.lock();
        try {
            return stopRequested;
        } finally {
            lock.unlock();
        }
    }

    /** @return the first failure that stopped the worker, or {@code null} */
    Throwable failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many jobs to claim now: enough for the idle runners plus the claim-ahead target, less what
     * waits and what claims under way will bring, once the local queue and the claims under way cannot
     * feed the idle runners, or together have run down to a quarter of the target; else 0. What waits
     * counts without the jobs the runners will have finished by the time a claim made now comes back
     * ({@link #finishedDuringClaim}).
     */
    private int claimLimit() {
        int idleRunners = Math.max(0, concurrency - held.runningCount());
        int ahead = claimAheadTarget();
        int queued = held.queuedCount() + jobsArriving;
        int coming = queued - finishedDuringClaim(queued) + jobsInFlight;
        int wanted = idleRunners + ahead - coming;
        // Idle runners that neither the local queue nor the claims under way will feed justify a claim
        // at once; else the next claim waits until the local queue has run down to a quarter of its
        // target, so that claims are large: each claim walks the index past the jobs finished since
        // the last vacuum, which costs about as much as claiming a few hundred jobs.
        boolean runDown = coming < idleRunners || coming <= ahead / 4;
        return wanted > 0 && runDown ? claimSize(wanted, completionBatchSize) : 0;
    }

    /**
     * How many of the queued jobs the runners will likely have finished by the time a claim made now
     * comes back: as many as they finish, at the run times of recent jobs, in as long as the last claim
     * took. Where jobs are quick beside a claim's round trip (a backlog of jobs of a few milliseconds or
     * less), a claim made once the queue had run down to a quarter came back to runners long idle; so
     * the next claim starts as soon as the queued jobs will be gone by its return, at full size. Where
     * jobs take longer than a claim, few are counted and nothing changes. At the pace's word, not
     * measured: when it is wrong (jobs that slow down at once), the local queue may hold up to twice its
     * size for one round, which the local queue's time-to-live still bounds.
     */
    private int finishedDuringClaim(int queued) {
        if (pace == null || queued == 0 || lastClaimTime.isZero()) {
            return 0;
        }
        return Math.min(queued, pace.expectedWithin(clock.millis(), lastClaimTime));
    }

    /**
     * Claims come in few sizes, never more than wanted: any size up to {@value #EXACT_CLAIMS} (what idle
     * runners want); else whole completion batches when they come within a quarter of what is wanted,
     * so that the claim's results fill whole batches (a claim of 512 with batches of 500 left 12 results
     * to be written on their own, a fifth more statements); else the largest multiple of a quarter of
     * the power of two within it (a local queue's refill, less than a quarter short; the rest comes
     * with the next claim). A database can then keep one plan for each size instead of planning each
     * claim anew.
     */
    static int claimSize(int wanted, int completionBatchSize) {
        if (wanted <= EXACT_CLAIMS) {
            return wanted;
        }
        int wholeBatches = wanted / completionBatchSize * completionBatchSize;
        if (completionBatchSize > EXACT_CLAIMS && wholeBatches > wanted * 3 / 4) {
            return wholeBatches;
        }
        int step = Integer.highestOneBit(wanted) / 4;
        return wanted / step * step;
    }

    private int claimAheadTarget() {
        if (localQueueSize == 0 || claimAheadPaused) {
            return 0;
        }
        return pace == null ? localQueueSize : Math.min(localQueueSize, pace.expectedWithinHorizon(clock.millis()));
    }

    /**
     * @return how many jobs to claim when a claim is worth trying (jobs may be waiting, the worker wants
     *     more, and no other claim is under way and no claimed jobs are being read, or idle runners
     *     would starve without another), else 0
     */
    private int worthClaiming() {
        if (!(jobsMayBeWaiting || backlog) || claimsInFlight >= claimStreams
                || ((claimsInFlight > 0 || jobsArriving > 0) && !runnersStarve())) {
            return 0;
        }
        return claimLimit();
    }

    /**
     * Whether idle runners outnumber the jobs queued and on their way: only then may a claim start beside
     * another, or before another's jobs are read. Where jobs are quick, overlapping claims had the next
     * always under way (two claim threads taking turns), and four workers sharing a queue on two CPUs
     * ran slower for it.
     */
    private boolean runnersStarve() {
        return held.queuedCount() + jobsArriving + jobsInFlight < concurrency - held.runningCount();
    }

    /** Counts a claim as under way; every limit started must come back through {@link #accept}. */
    private void startClaim(int limit) {
        // Cleared before claiming: an arrival during the claim sets it again.
        jobsMayBeWaiting = false;
        claimsInFlight++;
        jobsInFlight += limit;
    }

    /**
     * Woken only when a claim would follow, so that runners taking jobs, and claimants starting a claim
     * or queueing its jobs, do not wake anyone each time: a thread woken for nothing takes a CPU the
     * claimant needs.
     */
    private void wakeClaimantIfClaimWanted() {
        if (worthClaiming() > 0) {
            wakeClaimant();
        }
    }

    /** Wakes whoever makes the next claim: a runner waiting for work, else the fetcher. */
    private void wakeClaimant() {
        if (idleRunnersClaim()) {
            jobQueued.signal();
        } else {
            claimWanted.signal();
        }
    }

    /** Whether a runner waiting for work makes the next claim; see {@link #awaitTurn}. */
    private boolean idleRunnersClaim() {
        return !endWhenDone && runnersWaiting > 0;
    }
}
