package dev.graphileworker.testkit;

import dev.graphileworker.domain.Queue;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.WorkerIds;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Workers' sessions in memory, over an {@link InMemoryJobQueue}: a session is open from {@link #open}
 * until the handle returned is closed, and the locks are the queue's.
 */
final class InMemoryWorkerSessions implements WorkerSessions {

    private final InMemoryJobQueue queue;
    private final Set<String> open;

    InMemoryWorkerSessions(InMemoryJobQueue queue) {
        this.queue = queue;
        // The queue's own set, so that its administration sees the sessions opened here.
        this.open = queue.openSessions();
    }

    /** Opens a session of the worker; closing the handle ends it, as the worker's death would. */
    AutoCloseable open(String workerId) {
        open.add(workerId);
        return () -> open.remove(workerId);
    }

    @Override
    public Set<String> workersWithOpenSessions() {
        return Set.copyOf(open);
    }

    @Override
    public Set<String> lockHolders() {
        Set<String> holders = new HashSet<>();
        Stream.concat(queue.jobs().stream().map(job -> job.lockedBy().orElse(null)),
                        queue.queues().stream().map(Queue::lockedBy))
                .filter(holder -> holder != null && WorkerIds.promisesSession(holder))
                .forEach(holders::add);
        return holders;
    }

    @Override
    public int forceUnlock(String workerId) {
        return queue.forceUnlockCounting(workerId);
    }
}
