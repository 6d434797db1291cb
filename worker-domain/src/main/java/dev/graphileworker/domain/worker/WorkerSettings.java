package dev.graphileworker.domain.worker;

import dev.graphileworker.api.TaskList;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * What the worker loop needs to know: who it is, how many jobs it runs at once, how often it polls,
 * which tasks it runs, which flags it refuses, and how long running jobs may go on once it stops
 * before their abort signal is raised.
 */
public record WorkerSettings(
        String workerId, int concurrency, Duration pollInterval, TaskList taskList, Set<String> forbiddenFlags,
        Duration shutdownGracePeriod) {

    /** Checks the settings; the API's option builder has already explained bad values to the user. */
    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(taskList, "taskList");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        forbiddenFlags = Set.copyOf(forbiddenFlags);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
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
