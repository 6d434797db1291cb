package dev.graphileworker.perf;

import java.util.ArrayList;
import java.util.List;

/** graphile-worker 0.18.0 from npm (perf/package.json), running the JavaScript tasks of perf/node/tasks. */
final class NodeWorker implements WorkerRuntime {

    private final Layout layout;

    NodeWorker(Layout layout) {
        this.layout = layout;
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public ProcessBuilder command(FreshDatabase database, WorkerVariant variant, boolean once) {
        List<String> command = new ArrayList<>(List.of(layout.nodeWorkerCommand().toString(),
                "-c", database.uri(), "--config", "graphile.config.mjs",
                "-j", Integer.toString(variant.concurrency()), "-m", Integer.toString(variant.poolSize())));
        if (once) {
            command.add("--once");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(layout.nodeFolder().toFile());
        // One line per job would measure the terminal, not the worker; the original's perfTest does the same.
        builder.environment().put("NO_LOG_SUCCESS", "1");
        if (variant.batching()) {
            builder.environment().put("PERF_NODE_WORKER_OPTIONS", Batching.NODE_WORKER_OPTIONS);
        } else {
            builder.environment().remove("PERF_NODE_WORKER_OPTIONS");
        }
        return builder;
    }

    @Override
    public ProcessBuilder installSchema(FreshDatabase database) {
        return new ProcessBuilder(layout.nodeWorkerCommand().toString(), "-c", database.uri(),
                "--config", "graphile.config.mjs", "--schema-only").directory(layout.nodeFolder().toFile());
    }

    @Override
    public ProcessBuilder enqueueCommand(FreshDatabase database, EnqueueStep.Sizes sizes) {
        return new ProcessBuilder("node", "enqueue.mjs", database.uri(), Integer.toString(sizes.singleJobs()),
                Integer.toString(sizes.batches()), Integer.toString(sizes.batchSize()))
                .directory(layout.nodeFolder().toFile());
    }
}
