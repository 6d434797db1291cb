package dev.graphileworker.domain.cron;

import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.port.CronStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cron store whose outcomes the test scripts, to test the scheduler's timing (the semantics of
 * {@code _private_known_crontabs}, in memory; the real stores pass {@code CronStoreContract}): a tick
 * is enqueued only when it is later than the item's last execution. Can be told to fail, as a
 * database outage would.
 */
final class ScriptedCronStore implements CronStore {

    private final Map<String, KnownCrontab> known = new HashMap<>();
    private final List<CronJob> enqueued = new ArrayList<>();
    private final List<Instant> attemptedTicks = new ArrayList<>();
    private final CountDownLatch registered = new CountDownLatch(1);
    private int failuresToCome;
    private Instant failingTick;
    private int registrations;

    synchronized void knows(String identifier, Instant knownSince, Instant lastExecution) {
        known.put(identifier, new KnownCrontab(identifier, knownSince, lastExecution));
    }

    /** The next {@code count} calls fail. */
    synchronized void failNext(int count) {
        failuresToCome = count;
    }

    /** Enqueueing {@code tick} fails {@code count} times before it works. */
    synchronized void failAt(Instant tick, int count) {
        failingTick = tick;
        failuresToCome = count;
    }

    boolean awaitRegistration(Duration timeout) throws InterruptedException {
        return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized List<CronJob> enqueued() {
        return List.copyOf(enqueued);
    }

    synchronized List<Instant> attemptedTicks() {
        return List.copyOf(attemptedTicks);
    }

    synchronized int registrations() {
        return registrations;
    }

    synchronized KnownCrontab known(String identifier) {
        return known.get(identifier);
    }

    @Override
    public synchronized Map<String, KnownCrontab> registerKnownCrontabs(Collection<String> identifiers, Instant now) {
        if (failingTick == null) {
            failIfAsked();
        }
        registrations++;
        registered.countDown();
        Map<String, KnownCrontab> before = new HashMap<>();
        for (String identifier : identifiers) {
            KnownCrontab record = known.get(identifier);
            if (record == null) {
                known.put(identifier, new KnownCrontab(identifier, now, null));
            } else {
                before.put(identifier, record);
            }
        }
        return before;
    }

    @Override
    public synchronized List<KnownCrontab> knownCrontabs() {
        return List.copyOf(known.values());
    }

    @Override
    public synchronized int enqueueTick(Instant tick, List<CronJob> jobs) {
        if (failingTick == null || failingTick.equals(tick)) {
            failIfAsked();
        }
        attemptedTicks.add(tick);
        int count = 0;
        for (CronJob job : jobs) {
            KnownCrontab record = known.get(job.identifier());
            if (record == null || record.lastExecution() == null || record.lastExecution().isBefore(tick)) {
                known.put(job.identifier(),
                        new KnownCrontab(job.identifier(), record == null ? tick : record.knownSince(), tick));
                enqueued.add(job);
                count++;
            }
        }
        return count;
    }

    private void failIfAsked() {
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new IllegalStateException("database unavailable");
        }
    }
}
