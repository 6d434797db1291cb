package dev.graphileworker.domain.cron;

import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.domain.worker.OutageLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues the crontab's jobs while a worker runs, on a thread of its own. At start it registers
 * the items and backfills the ticks they ask for; then, at each UTC minute, it enqueues the items
 * due. The store makes each tick of each item one job across all workers.
 *
 * <p>Late wake-ups (an overloaded machine, a forward clock jump, a database outage) are caught up
 * minute by minute; a gap longer than {@link #CATCH_UP_LIMIT} is treated like downtime instead:
 * only what {@code fill=} asks for is backfilled. Failures are logged once per outage and retried;
 * they never stop the worker.
 */
public final class CronScheduler {

    /** The longest gap caught up tick by tick; beyond it, ticks are backfilled as after downtime. */
    public static final Duration CATCH_UP_LIMIT = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** A little past the boundary, so that the clock shows the new minute on waking. */
    private static final Duration PAST_THE_BOUNDARY = Duration.ofMillis(1);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerEvents events;
    private final List<CronItem> items;
    private final List<String> identifiers;
    private final CronStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String threadName;
    private final OutageLog outage = new OutageLog(LOG, "enqueue cron jobs");
    private volatile boolean stopRequested;
    private Thread thread;
    /** The next minute to enqueue; null until the items are registered and backfilled. Scheduler thread only. */
    private Instant nextTick;

    /**
     * @param crontab what to schedule
     * @param store where items are registered and ticks enqueued
     * @param clock the time (cron ticks are UTC minutes whatever its zone)
     * @param sleeper how to wait for the next minute
     * @param threadName the name of the scheduler's thread
     * @param events where the scheduler reports its ticks
     */
    public CronScheduler(Crontab crontab, CronStore store, Clock clock, Sleeper sleeper, String threadName,
            WorkerEvents events) {
        this.events = events;
        this.items = crontab.items();
        this.identifiers = items.stream().map(CronItem::identifier).toList();
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.threadName = threadName;
    }

    /**
     * Starts scheduling on a new thread. Does nothing for an empty crontab, or once started or stopped.
     */
    public synchronized void start() {
        if (items.isEmpty() || thread != null || stopRequested) {
            return;
        }
        thread = new Thread(this::run, threadName);
        thread.start();
    }

    /**
     * Stops scheduling and waits (a while) for an enqueue in progress to finish. Safe to call more
     * than once, and before or without {@link #start()}.
     */
    public void stop() {
        Thread running;
        synchronized (this) {
            stopRequested = true;
            running = thread;
        }
        sleeper.wakeUp();
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(STOP_TIMEOUT.toMillis());
            if (running.isAlive()) {
                LOG.warn("Cron scheduler {} did not stop within {} s; leaving it behind", threadName,
                        STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The scheduler's loop, run on its thread; tests run it on theirs. */
    void run() {
        LOG.info("Cron scheduler started with {}", identifiers);
        events.emit(WorkerEventType.CRON_STARTING, Map.of("identifiers", identifiers));
        Duration retryDelay = FIRST_RETRY_DELAY;
        try {
            while (!stopRequested) {
                Duration pause;
                try {
                    pause = enqueueWhatIsDue();
                    outage.succeeded();
                    retryDelay = FIRST_RETRY_DELAY;
                } catch (RuntimeException e) {
                    outage.failed(e);
                    pause = retryDelay;
                    retryDelay = shorter(retryDelay.multipliedBy(2), LONGEST_RETRY_DELAY);
                }
                if (!stopRequested) {
                    sleeper.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Cron scheduler stopped");
    }

    /** @return how long to wait before the next minute is due */
    private Duration enqueueWhatIsDue() {
        Instant now = clock.instant();
        Instant currentMinute = Minutes.floor(now);
        if (nextTick == null) {
            registerAndBackfill(now);
            events.emit(WorkerEventType.CRON_STARTED, Map.of("identifiers", identifiers));
        } else if (currentMinute.isBefore(nextTick.minus(MINUTE))) {
            // The clock went back: wait for the tick rather than enqueue a minute again.
            events.emit(WorkerEventType.CRON_PREMATURE_TIMER, Map.of("timestamp", nextTick));
        } else if (Duration.between(nextTick, currentMinute).compareTo(CATCH_UP_LIMIT) > 0) {
            LOG.warn("Cron is {} minutes behind (the clock jumped, the machine slept or the database was away); "
                    + "enqueueing only the ticks that fill= asks for", Duration.between(nextTick, now).toMinutes());
            events.emit(WorkerEventType.CRON_OVERDUE_TIMER, Map.of("timestamp", nextTick));
            registerAndBackfill(now);
        } else {
            catchUpTo(currentMinute);
        }
        Duration untilNextTick = Duration.between(clock.instant(), nextTick);
        if (untilNextTick.isNegative()) {
            return Duration.ZERO;
        }
        // Waking at least every minute notices a clock set back, which would otherwise mean a long sleep.
        return shorter(untilNextTick.plus(PAST_THE_BOUNDARY), MINUTE);
    }

    private void registerAndBackfill(Instant start) {
        // Backfill must precede the first regular tick: each enqueued tick moves last_execution on.
        Map<String, KnownCrontab> known = store.registerKnownCrontabs(identifiers, start);
        Backfill backfill = new Backfill(items, known, start);
        int enqueued = 0;
        for (Optional<Backfill.Tick> tick = backfill.next(); tick.isPresent() && !stopRequested;
                tick = backfill.next()) {
            events.emit(WorkerEventType.CRON_BACKFILL, Map.of("timestamp", tick.get().at()));
            enqueued += store.enqueueTick(tick.get().at(), tick.get().jobs());
        }
        if (enqueued > 0) {
            LOG.info("Cron backfilled {} jobs missed before {}", enqueued, start);
        }
        nextTick = Minutes.ceil(start);
    }

    private void catchUpTo(Instant currentMinute) {
        if (nextTick.isBefore(currentMinute)) {
            LOG.debug("Cron is catching up {} minutes", Duration.between(nextTick, currentMinute).toMinutes());
            events.emit(WorkerEventType.CRON_OVERDUE_TIMER, Map.of("timestamp", nextTick));
        }
        while (!nextTick.isAfter(currentMinute) && !stopRequested) {
            List<CronJob> jobs = new ArrayList<>();
            for (CronItem item : items) {
                if (item.schedule().matches(nextTick)) {
                    jobs.add(item.jobAt(nextTick, false));
                }
            }
            if (!jobs.isEmpty()) {
                events.emit(WorkerEventType.CRON_SCHEDULE, Map.of("timestamp", nextTick, "jobs", jobs.size()));
                int enqueued = store.enqueueTick(nextTick, jobs);
                events.emit(WorkerEventType.CRON_SCHEDULED, Map.of("timestamp", nextTick, "enqueued", enqueued));
            }
            // Only now: a failed enqueue leaves the tick to be tried again.
            nextTick = nextTick.plus(MINUTE);
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
