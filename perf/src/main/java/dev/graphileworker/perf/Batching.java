package dev.graphileworker.perf;

import java.util.List;

/**
 * What "with batching" means for each worker: the one place to change it. The throughput step runs
 * every configuration without and with these; the latency and backlog steps run with them.
 */
final class Batching {

    /**
     * Command-line flags of our {@code bin/graphile-worker} with batching: a local queue of 500 jobs
     * and results written 500 at a time (its defaults, spelled out so the figures say what ran).
     */
    static final List<String> OUR_WORKER_FLAGS = List.of("--local-queue-size", "500",
            "--completion-batch-size", "500");

    /** Our worker's flags without batching: claims only for free slots, and writes each result alone. */
    static final List<String> OUR_WORKER_FLAGS_WITHOUT = List.of("--local-queue-size", "0",
            "--completion-batch-size", "1");

    /**
     * The options graphile-worker 0.18 takes for batching, merged into the {@code worker} section
     * of its preset (perf/node/graphile.config.mjs): a local queue of 500 jobs fetched at once, and
     * completions and failures sent in batches, as in the original's own perfTest.
     */
    static final String NODE_WORKER_OPTIONS = """
            {"localQueue": {"size": 500, "refetchDelay": {"durationMs": 10}}, \
            "completeJobBatchDelay": 0, "failJobBatchDelay": 0}""";

    private Batching() {
    }
}
