package dev.graphileworker.perf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Our {@code bin/graphile-worker}, running the Java tasks of perf/target/java-tasks. */
final class OurWorker implements WorkerRuntime {

    /** What the history row keeps: longer than any run, so that pruning finds nothing to do. */
    static final String HISTORY_RETENTION = "7d";

    private final Layout layout;
    private final Optional<Path> javaHome;

    /**
     * @param layout where the command and the tasks are
     * @param javaHome the JDK our worker runs on, as its {@code JAVA_HOME}; empty for the harness's own
     *     environment's
     */
    OurWorker(Layout layout, Optional<Path> javaHome) {
        this.layout = layout;
        this.javaHome = javaHome;
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public ProcessBuilder command(FreshDatabase database, WorkerVariant variant, boolean once) {
        List<String> command = new ArrayList<>(List.of(layout.ourWorkerCommand().toString(),
                "-c", database.uri(), "--tasks", layout.ourTaskFolder().toString(),
                "-j", Integer.toString(variant.concurrency()), "-m", Integer.toString(variant.poolSize()),
                // One line per job would measure the terminal, not the worker.
                "--log-level", "warn"));
        if (variant.batching()) {
            command.addAll(Batching.OUR_WORKER_FLAGS);
        } else {
            command.addAll(Batching.OUR_WORKER_FLAGS_WITHOUT);
        }
        if (variant.history()) {
            command.addAll(List.of("--keep-history", HISTORY_RETENTION));
        }
        if (once) {
            command.add("--once");
        }
        return onJdk(new ProcessBuilder(command).directory(layout.root().toFile()));
    }

    @Override
    public boolean recordsHistory() {
        return true;
    }

    @Override
    public ProcessBuilder installSchema(FreshDatabase database) {
        return onJdk(new ProcessBuilder(layout.ourWorkerCommand().toString(), "-c", database.uri(), "--schema-only",
                "--log-level", "warn").directory(layout.root().toFile()));
    }

    @Override
    public ProcessBuilder enqueueCommand(FreshDatabase database, EnqueueStep.Sizes sizes) {
        // The harness's own JVM and class path, which hold worker-api and the PostgreSQL adapter.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", JavaEnqueue.class.getName(), database.uri(),
                Integer.toString(sizes.singleJobs()), Integer.toString(sizes.batches()),
                Integer.toString(sizes.batchSize())).directory(layout.root().toFile());
    }

    private ProcessBuilder onJdk(ProcessBuilder builder) {
        javaHome.ifPresent(home -> builder.environment().put("JAVA_HOME", home.toString()));
        return builder;
    }
}
