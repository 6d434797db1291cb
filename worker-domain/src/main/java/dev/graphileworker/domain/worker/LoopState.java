package dev.graphileworker.domain.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the worker loop waits on: free slots, whether jobs may be waiting, and the stop request. One
 * lock guards it all; every change wakes the loop.
 */
final class LoopState {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int concurrency;
    private boolean stopRequested;
    private boolean jobsMayBeWaiting = true;
    private int jobsInFlight;
    private Throwable failure;

    LoopState(int concurrency) {
        this.concurrency = concurrency;
    }

    /**
     * Waits until a claim is worth trying: a slot is free and jobs may be waiting (after an arrival, a
     * finished job or, unless {@code once}, the poll interval).
     *
     * @return how many jobs to claim, or 0 when the loop should end: a stop was requested, or
     *     {@code once} and nothing is waiting or running
     */
    int awaitFreeSlots(boolean once, Duration pollInterval) {
        lock.lock();
        try {
            while (!stopRequested && !(jobsMayBeWaiting && jobsInFlight < concurrency)) {
                if (once && !jobsMayBeWaiting && jobsInFlight == 0) {
                    return 0;
                }
                try {
                    if (once) {
                        changed.await();
                    } else if (!changed.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                        jobsMayBeWaiting = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
            if (stopRequested) {
                return 0;
            }
            // Cleared before claiming: an arrival during the claim sets it again.
            jobsMayBeWaiting = false;
            return concurrency - jobsInFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts claimed jobs as running.
     *
     * @return false when the worker is stopping: the jobs must then be released, not run
     */
    boolean startJobs(int requested, int claimed) {
        lock.lock();
        try {
            if (claimed == requested) {
                jobsMayBeWaiting = true;
            }
            if (stopRequested) {
                return false;
            }
            jobsInFlight += claimed;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A freed slot, or a named queue that the finished job held, may let another job run. */
    void jobFinished() {
        lock.lock();
        try {
            jobsInFlight--;
            jobsMayBeWaiting = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void jobsArrived() {
        lock.lock();
        try {
            jobsMayBeWaiting = true;
            changed.signalAll();
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
            changed.signalAll();
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
}
