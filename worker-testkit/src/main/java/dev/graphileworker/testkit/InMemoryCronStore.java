package dev.graphileworker.testkit;

import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.port.CronStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantics of {@code _private_known_crontabs} in memory, adding each tick's jobs to an
 * {@link InMemoryJobQueue}: a tick of an item is enqueued only when it is later than the item's last
 * execution, in one step, so that of several schedulers exactly one enqueues each tick.
 */
final class InMemoryCronStore implements CronStore {

    private final InMemoryJobQueue queue;
    private final Map<String, KnownCrontab> known = new HashMap<>();

    InMemoryCronStore(InMemoryJobQueue queue) {
        this.queue = queue;
    }

    @Override
    public synchronized Map<String, KnownCrontab> registerKnownCrontabs(Collection<String> identifiers, Instant now) {
        Map<String, KnownCrontab> before = new HashMap<>();
        for (String identifier : identifiers) {
            KnownCrontab record = known.putIfAbsent(identifier, new KnownCrontab(identifier, now, null));
            if (record != null) {
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
        int enqueued = 0;
        for (CronJob job : jobs) {
            KnownCrontab record = known.get(job.identifier());
            if (record != null && record.lastExecution() != null && !record.lastExecution().isBefore(tick)) {
                continue;
            }
            known.put(job.identifier(), new KnownCrontab(job.identifier(),
                    record == null ? tick : record.knownSince(), tick));
            queue.addJob(job.task(), job.payload(), job.options().withRunAt(tick));
            enqueued++;
        }
        return enqueued;
    }
}
