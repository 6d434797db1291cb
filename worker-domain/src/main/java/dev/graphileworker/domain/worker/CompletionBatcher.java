package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the outcomes of finished jobs and writes them in batches: one statement for the completions
 * and one for the failures of up to {@code completionBatchSize} jobs. A batch is due when it is full,
 * when the job that finished last left no other job queued or running (nothing would join it: a lone
 * job is settled without delay; the runner then calls {@link #writeWaiting()}), or when its first
 * outcome has waited {@code completionBatchDelay}.
 *
 * <p>The thread that makes a batch due writes it, so that a lone job, or every job when the batch size
 * is 1, is written by the job's own runner without a hand-over; the runner takes the batch
 * ({@link #take}) before it reports its job finished, and writes it ({@link #write}) after, so that the
 * claim of its next job and this write reach the database together. Only a batch that becomes due by
 * waiting is written by the batcher's own thread, which exists only when batches can wait (a size
 * above 1 and a delay above zero). The batcher is told what it needs; it asks nothing of the loop, and
 * tells it through {@code settled} when results are written.
 *
 * <p>Why a runner hands its outcome over before its job leaves the running phase: the runner that sees
 * no other job held is then the last of its round, and every outcome of that round is already
 * waiting here when it calls {@link #writeWaiting()}; none is left behind for the whole delay.
 */
final class CompletionBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionBatcher.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition firstPending = lock.newCondition();
    private final List<JobOutcome> pending = new ArrayList<>();
    private final ResultWriter writer;
    private final Settled settled;
    private final Predicate<JobRow> limited;
    private final int batchSize;
    private final Duration delay;
    private final Clock clock;
    private final Thread waitingBatches;
    private Instant firstPendingAt;
    private boolean closed;

    /**
     * Told how many results were written (or given up on), and whether any freed a place another job
     * waits for: the lock of its named queue, or a share of its limited task.
     */
    @FunctionalInterface
    interface Settled {
        void settled(int count, boolean anyFreedAPlace);
    }

    /**
     * @param writer writes the results
     * @param settled told of every batch written
     * @param batching the batch size and delay
     * @param clock how long outcomes have waited
     * @param threads makes the thread that writes batches that waited, when batches can wait
     */
    CompletionBatcher(ResultWriter writer, Settled settled, Batching batching, Clock clock, ThreadFactory threads) {
        this(writer, settled, job -> false, batching, clock, threads);
    }

    /**
     * @param writer writes the results
     * @param settled told of every batch written
     * @param limited whether a job is of a limited task, whose settling frees a share of its limit
     * @param batching the batch size and delay
     * @param clock how long outcomes have waited
     * @param threads makes the thread that writes batches that waited, when batches can wait
     */
    CompletionBatcher(ResultWriter writer, Settled settled, Predicate<JobRow> limited, Batching batching, Clock clock,
            ThreadFactory threads) {
        this.writer = writer;
        this.settled = settled;
        this.limited = limited;
        this.batchSize = batching.completionBatchSize();
        this.delay = batching.completionBatchDelay();
        this.clock = clock;
        this.waitingBatches = batchSize > 1 && !delay.isZero() ? threads.newThread(this::writeBatchesThatWaited) : null;
    }

    /** Starts the thread that writes batches that waited, if there is one. */
    void start() {
        if (waitingBatches != null) {
            waitingBatches.start();
        }
    }

    /**
     * Takes a finished job's outcome, and writes the batch in the calling thread if this outcome filled it.
     *
     * @param outcome how the job ended; its job is still running in the loop's eyes
     */
    void settle(JobOutcome outcome) {
        write(take(outcome));
    }

    /**
     * Takes a finished job's outcome, and gives back the batch this outcome made due, for the caller to
     * {@link #write} (empty when none is due): a runner frees itself for its next job in between.
     *
     * @param outcome how the job ended; its job is still running in the loop's eyes
     * @return the outcomes to write now, in the calling thread
     */
    List<JobOutcome> take(JobOutcome outcome) {
        lock.lock();
        try {
            if (closed) {
                // A handler that outlived the worker's wait for it: its result is written on its own.
                return List.of(outcome);
            }
            if (pending.isEmpty()) {
                firstPendingAt = clock.instant();
                firstPending.signal();
            }
            pending.add(outcome);
            return pending.size() >= batchSize || delay.isZero() ? takeBatch() : List.of();
        } finally {
            lock.unlock();
        }
    }

    /**
     * No job is queued or running any more, so nothing would join what waits: writes it now, in the
     * calling thread.
     */
    void writeWaiting() {
        List<JobOutcome> waiting = takeAll();
        for (int from = 0; from < waiting.size(); from += batchSize) {
            write(waiting.subList(from, Math.min(waiting.size(), from + batchSize)));
        }
    }

    /**
     * Writes the oldest batch if it has waited the delay by the clock; what the batcher's thread does,
     * and what tests do by hand after moving the clock.
     *
     * @return how long until the oldest pending outcome has waited the delay, or null when none is pending
     */
    Duration writeIfWaitedLongEnough() {
        List<JobOutcome> due;
        lock.lock();
        try {
            Duration left = untilDue();
            if (left == null || isPositive(left)) {
                return left;
            }
            due = takeBatch();
        } finally {
            lock.unlock();
        }
        write(due);
        return Duration.ZERO;
    }

    /** Makes one attempt to write what is pending, for a worker that is terminated. */
    void writePendingOnce() {
        List<JobOutcome> batch = takeAll();
        if (!batch.isEmpty()) {
            writer.writeOnce(batch);
            tellSettled(batch);
        }
    }

    /**
     * Writes everything pending (retrying through outages, within the patience of a stopping worker)
     * and stops the batcher's thread; later outcomes are each written on their own.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            firstPending.signalAll();
        } finally {
            lock.unlock();
        }
        if (waitingBatches != null) {
            try {
                waitingBatches.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while waiting for the batcher's thread to stop");
            }
        }
        writeWaiting();
    }

    private void writeBatchesThatWaited() {
        while (true) {
            Duration left = writeIfWaitedLongEnough();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (left == null && pending.isEmpty()) {
                    firstPending.awaitUninterruptibly();
                } else if (left != null && isPositive(left)) {
                    firstPending.awaitNanos(left.toNanos());
                }
            } catch (InterruptedException e) {
                // Only close() ends this thread.
                Thread.interrupted();
            } finally {
                lock.unlock();
            }
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private Duration untilDue() {
        if (pending.isEmpty()) {
            return null;
        }
        return delay.minus(Duration.between(firstPendingAt, clock.instant()));
    }

    private List<JobOutcome> takeBatch() {
        List<JobOutcome> head = pending.subList(0, Math.min(batchSize, pending.size()));
        List<JobOutcome> batch = new ArrayList<>(head);
        // What is left keeps the first's arrival time: it is due at once, which errs on the prompt side.
        head.clear();
        return batch;
    }

    private List<JobOutcome> takeAll() {
        lock.lock();
        try {
            List<JobOutcome> all = new ArrayList<>(pending);
            pending.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes outcomes that {@link #take} gave back, then tells the loop.
     *
     * @param batch the outcomes, perhaps none
     */
    void write(List<JobOutcome> batch) {
        if (!batch.isEmpty()) {
            writer.write(batch);
            tellSettled(batch);
        }
    }

    private void tellSettled(List<JobOutcome> batch) {
        settled.settled(batch.size(), batch.stream()
                .anyMatch(outcome -> outcome.job().queue() != null || limited.test(outcome.job())));
    }
}
