package dev.graphileworker.perf;

/**
 * How a worker is configured for one measurement.
 *
 * @param concurrency jobs run at once ({@code -j})
 * @param batching whether the {@link Batching} options are on
 * @param history whether the worker records finished jobs ({@code --keep-history}; ours only)
 */
record WorkerVariant(int concurrency, boolean batching, boolean history) {

    WorkerVariant(int concurrency, boolean batching) {
        this(concurrency, batching, false);
    }

    static final WorkerVariant DEFAULTS = new WorkerVariant(1, false);
    static final WorkerVariant FASTEST = new WorkerVariant(24, true);

    /** As the original's perfTest does: one connection per running job, and one to listen. */
    int poolSize() {
        return Math.max(10, concurrency + 1);
    }

    String describe() {
        return "concurrency " + concurrency + (batching ? ", batching" : "") + (history ? ", history on" : "");
    }
}
