package dev.graphileworker.domain.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the outcomes of finished jobs and writes them in batches, on a thread of its own: one
 * statement for the completions and one for the failures of up to {@code completionBatchSize} jobs.
 * A batch is written when it is full, when its first outcome has waited {@code completionBatchDelay},
 * or at once when no other job is running or waiting locally, since then nothing would join it: a
 * lone job is settled without delay. Outcomes that arrive while a batch is written form the next.
 */
final class CompletionBatcher implements Settler {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionBatcher.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushWanted = lock.newCondition();
    private final Condition roomFreed = lock.newCondition();
    private final List<JobOutcome> pending = new ArrayList<>();
    private final ResultWriter writer;
    private final LoopState state;
    private final int batchSize;
    private final long delayNanos;
    private final int mostPending;
    private final Thread flusher;
    private long firstPendingAt;
    private boolean closing;
    private boolean closed;

    CompletionBatcher(ResultWriter writer, LoopState state, WorkerSettings settings, ThreadFactory threads) {
        this.writer = writer;
        this.state = state;
        this.batchSize = settings.batching().completionBatchSize();
        this.delayNanos = settings.batching().completionBatchDelay().toNanos();
        // Room for the batch being written and a full next one: past that, finished jobs wait.
        this.mostPending = 2 * batchSize + settings.concurrency();
        this.flusher = threads.newThread(this::writeBatches);
    }

    @Override
    public void start() {
        flusher.start();
    }

    @Override
    public void settle(JobOutcome outcome) {
        if (!enqueue(outcome)) {
            // A handler that outlived the worker's wait for it: its result is written on its own.
            writer.write(List.of(outcome));
            settled(List.of(outcome));
        }
    }

    /** @return false when the batches are over and the outcome was not taken */
    private boolean enqueue(JobOutcome outcome) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            while (pending.size() >= mostPending && !closing) {
                try {
                    roomFreed.await();
                } catch (InterruptedException e) {
                    // Keep the outcome: going over the bound once beats losing a result.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (pending.isEmpty()) {
                firstPendingAt = System.nanoTime();
            }
            pending.add(outcome);
            if (pending.size() == 1 || pending.size() >= batchSize || state.outstanding() == 0) {
                flushWanted.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void outstandingChanged() {
        lock.lock();
        try {
            flushWanted.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writePendingOnce() {
        List<JobOutcome> batch;
        lock.lock();
        try {
            batch = new ArrayList<>(pending);
            pending.clear();
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!batch.isEmpty()) {
            writer.writeOnce(batch);
            settled(batch);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            flushWanted.signal();
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while writing the last job results");
        }
    }

    private void writeBatches() {
        for (List<JobOutcome> batch = nextBatch(); batch != null; batch = nextBatch()) {
            writer.write(batch);
            settled(batch);
        }
    }

    /** @return the next batch to write, waiting until one is due; null once closed and empty */
    private List<JobOutcome> nextBatch() {
        lock.lock();
        try {
            while (true) {
                if (pending.isEmpty()) {
                    if (closing) {
                        closed = true;
                        return null;
                    }
                    flushWanted.awaitUninterruptibly();
                    continue;
                }
                long waited = System.nanoTime() - firstPendingAt;
                if (closing || pending.size() >= batchSize || waited >= delayNanos || state.outstanding() == 0) {
                    return takeBatch();
                }
                try {
                    flushWanted.awaitNanos(delayNanos - waited);
                } catch (InterruptedException e) {
                    // Only close() ends this thread, once everything is written.
                    Thread.interrupted();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private List<JobOutcome> takeBatch() {
        List<JobOutcome> head = pending.subList(0, Math.min(batchSize, pending.size()));
        List<JobOutcome> batch = new ArrayList<>(head);
        head.clear();
        roomFreed.signalAll();
        return batch;
    }

    private void settled(List<JobOutcome> batch) {
        state.settled(batch.size(), batch.stream().anyMatch(outcome -> outcome.job().queue() != null));
    }
}
