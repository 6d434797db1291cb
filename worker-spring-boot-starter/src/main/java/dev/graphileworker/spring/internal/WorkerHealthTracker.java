package dev.graphileworker.spring.internal;

import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventListener;
import java.time.Instant;
import java.util.Optional;

/**
 * What the health endpoint shows of the worker, kept from its events: whether its LISTEN connection
 * is up, and how its last claim went.
 */
public final class WorkerHealthTracker implements WorkerEventListener {

    /**
     * The worker as its events last showed it.
     *
     * @param listening whether the LISTEN connection is up
     * @param listenError why it is not, when it failed
     * @param lastClaimAt when the worker last asked for jobs, if it has
     * @param lastClaimError why that failed, if it did
     */
    public record Snapshot(boolean listening, Optional<String> listenError, Optional<Instant> lastClaimAt,
            Optional<String> lastClaimError) {

        /** @return whether the worker can be said to work: listening, and its last claim (if any) succeeded */
        public boolean healthy() {
            return listening && lastClaimError.isEmpty();
        }
    }

    private volatile Snapshot current = new Snapshot(false, Optional.empty(), Optional.empty(), Optional.empty());

    @Override
    public void onEvent(WorkerEvent event) {
        Snapshot before = current;
        current = switch (event.type()) {
            case POOL_LISTEN_SUCCESS -> new Snapshot(true, Optional.empty(), before.lastClaimAt(), before.lastClaimError());
            case POOL_LISTEN_ERROR -> new Snapshot(false, event.error().map(WorkerHealthTracker::describe),
                    before.lastClaimAt(), before.lastClaimError());
            case WORKER_CLAIM, WORKER_GET_JOB_EMPTY -> new Snapshot(before.listening(), before.listenError(),
                    Optional.of(event.at()), Optional.empty());
            case WORKER_GET_JOB_ERROR -> new Snapshot(before.listening(), before.listenError(),
                    Optional.of(event.at()), Optional.of(event.error().map(WorkerHealthTracker::describe)
                            .orElse("the claim failed")));
            default -> before;
        };
    }

    /** @return the worker as its events last showed it */
    public Snapshot snapshot() {
        return current;
    }

    private static String describe(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }
}
