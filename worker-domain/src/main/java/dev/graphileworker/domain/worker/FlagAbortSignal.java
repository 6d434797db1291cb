package dev.graphileworker.domain.worker;

import dev.graphileworker.api.AbortSignal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * An abort signal raised once, by the worker when it begins to stop. One signal serves every job of
 * the worker, so jobs remove their callbacks when done (see {@link Registration}); otherwise a
 * long-lived worker would keep one per job it ever ran.
 */
final class FlagAbortSignal implements AbortSignal {

    private static final Registration ALREADY_RUN = () -> { };

    // Identity matters: the same Runnable may be registered twice, by two jobs.
    private final Set<Callback> callbacks = new LinkedHashSet<>();
    private boolean aborted;

    @Override
    public synchronized boolean isAborted() {
        return aborted;
    }

    @Override
    public Registration onAbort(Runnable callback) {
        Callback registered = new Callback(callback);
        synchronized (this) {
            if (!aborted) {
                callbacks.add(registered);
                return () -> remove(registered);
            }
        }
        callback.run();
        return ALREADY_RUN;
    }

    void raise() {
        List<Callback> toRun;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            toRun = new ArrayList<>(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Callback::runQuietly);
    }

    private synchronized void remove(Callback callback) {
        callbacks.remove(callback);
    }

    /** A registered callback; equal only to itself. */
    private static final class Callback {
        private final Runnable code;

        Callback(Runnable code) {
            this.code = code;
        }

        void runQuietly() {
            try {
                code.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(FlagAbortSignal.class).warn("An abort callback failed", e);
            }
        }
    }
}
