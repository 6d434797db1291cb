package dev.graphileworker.dashboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest result of a read that scans the whole queue (counts by task and state, the queues, the
 * workers), so that pages answer at once however large the queue and however many load at once.
 * A result younger than {@link #FRESH} is served as it is; one younger than {@link #STALE_LIMIT} is
 * served once more while a single background thread reads the next (an open page, refreshing every few
 * seconds, never waits, and shows when its figures were read); an older one, or none, is read while the
 * request waits, by one request while the others wait for it. {@link #prefetch()} reads ahead of the
 * first request.
 *
 * @param <T> what the read returns
 */
final class Snapshot<T> {

    /** How long a result is served without reading again. */
    static final Duration FRESH = Duration.ofSeconds(1);
    /** How long a result may be served while the next is read in the background. */
    static final Duration STALE_LIMIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);

    /** A result, when it was read (on the dashboard's clock, for the page) and how long it took. */
    record Taken<T>(T value, Instant at, Duration took, long nanoTime) {
    }

    private final String name;
    private final Supplier<T> read;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Object waitingRead = new Object();
    private Taken<T> latest;
    private boolean refreshing;
    /** Counts {@link #invalidate()}s, so that a read begun before one is not kept after it. */
    private long generation;

    /**
     * @param name what is read, for the log and the refreshing thread's name
     * @param read the read
     * @param clock the clock the page shows times on
     * @param nanoTime the monotonic clock ages are measured on ({@code System::nanoTime})
     */
    Snapshot(String name, Supplier<T> read, Clock clock, LongSupplier nanoTime) {
        this.name = name;
        this.read = read;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** @return the latest result, read now when there is none or it is too old */
    Taken<T> get() {
        synchronized (this) {
            if (latest != null) {
                long age = nanoTime.getAsLong() - latest.nanoTime();
                if (age <= FRESH.toNanos()) {
                    return latest;
                }
                if (age <= STALE_LIMIT.toNanos()) {
                    refreshInBackground();
                    return latest;
                }
            }
        }
        synchronized (waitingRead) {
            long readFor;
            synchronized (this) {
                if (latest != null && nanoTime.getAsLong() - latest.nanoTime() <= STALE_LIMIT.toNanos()) {
                    return latest;
                }
                readFor = generation;
            }
            Taken<T> taken = take();
            keep(taken, readFor);
            return taken;
        }
    }

    /** Reads in the background now, so that the first request finds a result (or waits less for it). */
    void prefetch() {
        Thread read = new Thread(() -> {
            try {
                get();
            } catch (RuntimeException failure) {
                // The first request reads again, and shows the failure as a page would.
                LOG.warn("Dashboard: reading the {} ahead of the first request failed", name, failure);
            }
        }, "graphile-worker-dashboard-" + name);
        read.setDaemon(true);
        read.start();
    }

    /** Forgets the latest result, so that the next request reads anew: after an action changed the queue. */
    synchronized void invalidate() {
        latest = null;
        generation++;
    }

    private void refreshInBackground() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        long readFor = generation;
        Thread refresh = new Thread(() -> {
            try {
                keep(take(), readFor);
            } catch (RuntimeException failure) {
                // The next request reads while it waits, and so shows the failure as a page would.
                LOG.warn("Dashboard: reading the {} failed; the next request reads again", name, failure);
                invalidate();
            } finally {
                synchronized (this) {
                    refreshing = false;
                }
            }
        }, "graphile-worker-dashboard-" + name);
        refresh.setDaemon(true);
        refresh.start();
    }

    private synchronized void keep(Taken<T> taken, long readFor) {
        if (generation == readFor) {
            latest = taken;
        }
    }

    private Taken<T> take() {
        Instant at = clock.instant();
        long began = nanoTime.getAsLong();
        T value = read.get();
        long ended = nanoTime.getAsLong();
        return new Taken<>(value, at, Duration.ofNanos(ended - began), began);
    }
}
