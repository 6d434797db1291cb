package dev.graphileworker.api.spi;

import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;

/**
 * How a storage adapter offers itself to {@link dev.graphileworker.api.GraphileWorker}. Adapters
 * register an implementation in {@code META-INF/services/dev.graphileworker.api.spi.WorkerProvider};
 * applications never call it directly, so their code compiles against {@code worker-api} alone.
 *
 * <p>Implementations need a public no-argument constructor, hold no state of their own, and are
 * thread-safe.
 *
 * @since 0.1.0
 */
public interface WorkerProvider {

    /** @return a short name for messages, such as {@code postgres} */
    String name();

    /**
     * Starts a worker in the background.
     *
     * @param options validated options
     * @return the running worker
     */
    RunningWorker run(WorkerOptions options);

    /**
     * Starts a worker in the background that stops by itself once no job is runnable and none is
     * running.
     *
     * @param options validated options
     * @return the running worker
     */
    RunningWorker startOnce(WorkerOptions options);

    /**
     * Installs or upgrades the schema, then returns.
     *
     * @param options validated options
     */
    void runMigrations(WorkerOptions options);

    /**
     * Parses a crontab, as {@link #run} does with {@link WorkerOptions#crontab()}, without
     * connecting to anything.
     *
     * @param crontabText the crontab's text
     * @throws dev.graphileworker.api.WorkerException naming the first bad line
     */
    void checkCrontab(String crontabText);

    /**
     * Creates utilities for adding and administering jobs.
     *
     * @param options validated options
     * @return utilities the caller must close
     */
    WorkerUtils workerUtils(WorkerOptions options);
}
