package dev.graphileworker.api;

/**
 * Tells a running handler that the worker wants it to stop: raised when the worker shuts down.
 * Handlers doing long work should check {@link #isAborted()} or register a callback and stop early;
 * a handler that stops early should throw, so the job is retried later.
 *
 * <p>Thread-safe. Callbacks run once, on the thread that raises the signal, and must be quick.
 *
 * @since 0.1.0
 */
public interface AbortSignal {

    /** @return {@code true} once the signal is raised; it is never lowered again */
    boolean isAborted();

    /**
     * Registers a callback run when the signal is raised; run at once if it already is.
     *
     * @param callback the code to run; must not block
     * @return the registration: close it when the callback is no longer wanted (when the job's work
     *     is done), because the signal outlives the job
     */
    Registration onAbort(Runnable callback);

    /**
     * A callback registered with {@link #onAbort}.
     *
     * @since 0.1.0
     */
    interface Registration extends AutoCloseable {
        /** Removes the callback, which then never runs; does nothing once it has run. */
        @Override
        void close();
    }
}
