package dev.graphileworker.domain.worker;

import dev.graphileworker.api.TaskList;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * What the worker loop needs to know: who it is, how many jobs it runs at once, how often it polls,
 * which tasks it runs, which flags it refuses, how long running jobs may go on once it stops
 * before their abort signal is raised, and how it batches its statements.
 */
public record WorkerSettings(
        String workerId, int concurrency, Duration pollInterval, TaskList taskList, Set<String> forbiddenFlags,
        Duration shutdownGracePeriod, Batching batching) {

    /** Checks the settings; the API's option builder has already explained bad values to the user. */
    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(taskList, "taskList");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(batching, "batching");
        forbiddenFlags = Set.copyOf(forbiddenFlags);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    /**
     * Settings with the default batching ({@link Batching#defaults()}).
     *
     * @param workerId the worker's id, as stored in {@code locked_by}
     * @param concurrency how many jobs run at once
     * @param pollInterval how often to look for jobs without a notification
     * @param taskList the tasks the worker runs
     * @param forbiddenFlags flags whose jobs the worker never claims
     * @param shutdownGracePeriod how long running jobs may go on after a stop begins
     */
    public WorkerSettings(String workerId, int concurrency, Duration pollInterval, TaskList taskList,
            Set<String> forbiddenFlags, Duration shutdownGracePeriod) {
        this(workerId, concurrency, pollInterval, taskList, forbiddenFlags, shutdownGracePeriod, Batching.defaults());
    }

    /**
     * A fresh worker id in graphile-worker's shape: {@code worker-} and 18 random hex digits, so ids
     * of Java and Node.js workers look alike in {@code locked_by}.
     *
     * @return a new worker id
     */
    public static String newWorkerId() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return "worker-" + HexFormat.of().formatHex(bytes);
    }
}
