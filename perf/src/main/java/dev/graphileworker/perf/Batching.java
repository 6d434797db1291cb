package dev.graphileworker.perf;

import java.util.List;

/**
 * What "with batching" means for each worker: the one place to change it. The throughput step runs
 * every configuration without and with these; the latency and backlog steps run with them.
 */
final class Batching {

    /**
     * Extra command-line flags that turn batching on in our {@code bin/graphile-worker}.
     *
     * <p>PLACEHOLDER, empty for now: our worker has no batching options yet, so its "with batching"
     * figures equal its plain ones. Once the options land (local queue size, batched completion),
     * list them here, for example {@code List.of("--local-queue-size", "500")}.
     */
    static final List<String> OUR_WORKER_FLAGS = List.of();

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
