package dev.graphileworker.api;

import dev.graphileworker.api.spi.WorkerProvider;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The entry point: runs workers, migrations and utilities with the storage adapter found on the
 * class path (for example {@code worker-postgres-adapter}).
 *
 * <pre>{@code
 * WorkerOptions options = WorkerOptions.builder()
 *     .connectionString("postgres://app@localhost/app")
 *     .concurrency(4)
 *     .taskList(TaskList.builder().task("hello", (payload, helpers) -> ...).build())
 *     .build();
 * try (RunningWorker worker = GraphileWorker.run(options)) {
 *     worker.await();
 * }
 * }</pre>
 *
 * <p>Holds no state: each call looks the adapter up again and every worker is independent, so
 * several workers with different options can live in one JVM.
 *
 * @since 0.1.0
 */
public final class GraphileWorker {

    private GraphileWorker() {
    }

    /**
     * Migrates the schema, then starts a worker that runs jobs in the background until stopped.
     *
     * @param options the worker's options
     * @return the running worker
     * @throws WorkerException when the database cannot be reached or the schema is incompatible
     */
    public static RunningWorker run(WorkerOptions options) {
        return provider().run(options);
    }

    /**
     * Migrates the schema, then runs jobs until none is runnable and none is running. Jobs that its jobs
     * add (through their helpers or their own SQL) before they finish are run too.
     *
     * @param options the worker's options
     * @throws WorkerException when the database cannot be reached or the schema is incompatible
     */
    public static void runOnce(WorkerOptions options) {
        RunningWorker worker = startOnce(options);
        boolean interrupted = false;
        while (true) {
            try {
                worker.await();
                break;
            } catch (InterruptedException e) {
                // Keep the promise to return only when the jobs are done; restore the flag after.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Like {@link #runOnce}, but returns at once with a handle, so the caller can watch the worker or
     * stop it early (the command line does this on SIGTERM).
     *
     * @param options the worker's options
     * @return the worker, which stops by itself once no job is runnable and none is running
     * @throws WorkerException when the database cannot be reached or the schema is incompatible
     */
    public static RunningWorker startOnce(WorkerOptions options) {
        return provider().startOnce(options);
    }

    /**
     * Installs or upgrades the schema, then returns.
     *
     * @param options the options naming the database and schema
     * @throws WorkerException when the database cannot be reached or the schema is incompatible
     */
    public static void runMigrations(WorkerOptions options) {
        provider().runMigrations(options);
    }

    /**
     * Parses a crontab without starting anything or reaching the database, as {@link #run} does
     * before it connects; for callers that want a bad crontab refused even when they will not run
     * its schedule (the command line's {@code --once}, {@code --schema-only} and {@code --cleanup}).
     *
     * @param crontabText the crontab's text, in the format of {@link WorkerOptions.Builder#crontab}
     * @throws WorkerException naming the first bad line and what is wrong with it, for example
     *     {@code crontab line 3: minute field '61' is out of range 0-59}
     */
    public static void checkCrontab(String crontabText) {
        provider().checkCrontab(Objects.requireNonNull(crontabText, "crontabText"));
    }

    /**
     * Creates utilities to add and administer jobs. The caller closes them.
     *
     * @param options the options naming the database and schema
     * @return the utilities
     */
    public static WorkerUtils workerUtils(WorkerOptions options) {
        return provider().workerUtils(options);
    }

    private static WorkerProvider provider() {
        List<WorkerProvider> providers = ServiceLoader.load(WorkerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
        if (providers.isEmpty()) {
            throw new WorkerException("No graphile-worker adapter on the class path: add the "
                    + "dev.graphileworker:worker-postgres-adapter dependency");
        }
        if (providers.size() > 1) {
            throw new WorkerException("Several graphile-worker adapters on the class path ("
                    + providers.stream().map(WorkerProvider::name).collect(Collectors.joining(", "))
                    + "): keep one");
        }
        return providers.get(0);
    }
}
