package dev.graphileworker.domain.worker;

import dev.graphileworker.api.AbortSignal;
import java.util.ArrayList;
import java.util.List;

/** An abort signal raised once, by the worker when it begins to stop. */
final class FlagAbortSignal implements AbortSignal {

    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean aborted;

    @Override
    public synchronized boolean isAborted() {
        return aborted;
    }

    @Override
    public void onAbort(Runnable callback) {
        synchronized (this) {
            if (!aborted) {
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    void raise() {
        List<Runnable> toRun;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(FlagAbortSignal::runQuietly);
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(FlagAbortSignal.class).warn("An abort callback failed", e);
        }
    }
}
