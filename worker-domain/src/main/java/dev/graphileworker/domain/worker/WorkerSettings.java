package dev.graphileworker.domain.worker;

import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * What the worker loop needs to know: who it is, how many jobs it runs at once, how often it polls,
 * which tasks it runs, which flags it refuses, how long running jobs may go on once it stops
 * before their abort signal is raised, how it batches its statements, and which threads run the
 * handlers ({@code jobThreadFactory}; empty for the worker's own named platform threads), and the
 * limits of its tasks ({@code taskLimits}, by task identifier; empty when none is limited).
 */
public record WorkerSettings(
        String workerId, int concurrency, Duration pollInterval, TaskList taskList,
        Supplier<? extends Collection<String>> forbiddenFlags, Duration shutdownGracePeriod, Batching batching,
        Optional<ThreadFactory> jobThreadFactory, Map<String, TaskLimit> taskLimits) {

    /** Checks the settings; the API's option builder has already explained bad values to the user. */
    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(taskList, "taskList");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(forbiddenFlags, "forbiddenFlags");
        Objects.requireNonNull(jobThreadFactory, "jobThreadFactory");
        taskLimits = Map.copyOf(taskLimits);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    /**
     * Settings without task limits.
     *
     * @param workerId the worker's id, as stored in {@code locked_by}
     * @param concurrency how many jobs run at once
     * @param pollInterval how often to look for jobs without a notification
     * @param taskList the tasks the worker runs
     * @param forbiddenFlags asked for the flags to refuse before every claim
     * @param shutdownGracePeriod how long running jobs may go on after a stop begins
     * @param batching how the worker batches its statements
     * @param jobThreadFactory makes the threads that run the handlers; empty for the worker's own
     */
    public WorkerSettings(String workerId, int concurrency, Duration pollInterval, TaskList taskList,
            Supplier<? extends Collection<String>> forbiddenFlags, Duration shutdownGracePeriod, Batching batching,
            Optional<ThreadFactory> jobThreadFactory) {
        this(workerId, concurrency, pollInterval, taskList, forbiddenFlags, shutdownGracePeriod, batching,
                jobThreadFactory, Map.of());
    }

    /**
     * Settings whose handlers run on the worker's own threads.
     *
     * @param workerId the worker's id, as stored in {@code locked_by}
     * @param concurrency how many jobs run at once
     * @param pollInterval how often to look for jobs without a notification
     * @param taskList the tasks the worker runs
     * @param forbiddenFlags asked for the flags to refuse before every claim
     * @param shutdownGracePeriod how long running jobs may go on after a stop begins
     * @param batching how the worker batches its statements
     */
    public WorkerSettings(String workerId, int concurrency, Duration pollInterval, TaskList taskList,
            Supplier<? extends Collection<String>> forbiddenFlags, Duration shutdownGracePeriod, Batching batching) {
        this(workerId, concurrency, pollInterval, taskList, forbiddenFlags, shutdownGracePeriod, batching,
                Optional.empty());
    }

    /**
     * Settings whose forbidden flags never change, with handlers on the worker's own threads.
     *
     * @param workerId the worker's id, as stored in {@code locked_by}
     * @param concurrency how many jobs run at once
     * @param pollInterval how often to look for jobs without a notification
     * @param taskList the tasks the worker runs
     * @param forbiddenFlags flags whose jobs the worker never claims
     * @param shutdownGracePeriod how long running jobs may go on after a stop begins
     * @param batching how the worker batches its statements
     */
    public WorkerSettings(String workerId, int concurrency, Duration pollInterval, TaskList taskList,
            Set<String> forbiddenFlags, Duration shutdownGracePeriod, Batching batching) {
        this(workerId, concurrency, pollInterval, taskList, constant(forbiddenFlags), shutdownGracePeriod, batching);
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
     * The settings a worker takes from the user's options: the one place where options become settings.
     *
     * @param options the user's options, already checked
     * @param workerId the worker's id, as stored in {@code locked_by}
     * @return the settings
     */
    public static WorkerSettings from(WorkerOptions options, String workerId) {
        return new WorkerSettings(workerId, options.concurrency(), options.pollInterval(), options.taskList(),
                options.forbiddenFlagsSupplier(), options.shutdownGracePeriod(), Batching.paced(options.localQueueSize(),
                        options.localQueueTtl(), options.completionBatchSize(), options.completionBatchDelay()),
                options.jobThreadFactory(), options.taskLimits());
    }

    /**
     * @param factory makes the threads that run the handlers
     * @return these settings with handlers on threads of {@code factory}
     */
    public WorkerSettings withJobThreadFactory(ThreadFactory factory) {
        return new WorkerSettings(workerId, concurrency, pollInterval, taskList, forbiddenFlags, shutdownGracePeriod,
                batching, Optional.of(factory), taskLimits);
    }

    /**
     * @param limits the limits of tasks, by task identifier
     * @return these settings with those task limits
     */
    public WorkerSettings withTaskLimits(Map<String, TaskLimit> limits) {
        return new WorkerSettings(workerId, concurrency, pollInterval, taskList, forbiddenFlags, shutdownGracePeriod,
                batching, jobThreadFactory, limits);
    }

    /** @return whether a job of this task is claimed under its limits */
    boolean isLimited(String taskIdentifier) {
        return taskLimits.containsKey(taskIdentifier);
    }

    /**
     * The flags to refuse in the claim about to be made: the forbidden flags are asked for before
     * every claim, so that user code can rate-limit kinds of jobs. A {@code null} answer forbids nothing.
     *
     * @return the flags, an immutable set
     * @throws IllegalStateException when the user's function throws or answers with a null flag; the
     *     fetcher then skips this claim and tries again at the next poll or arrival
     */
    public Set<String> forbiddenFlagsNow() {
        try {
            Collection<String> flags = forbiddenFlags.get();
            return flags == null ? Set.of() : Set.copyOf(flags);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the forbidden flags function failed: " + e.getMessage(), e);
        }
    }

    private static Supplier<Set<String>> constant(Set<String> flags) {
        Set<String> copy = Set.copyOf(flags);
        return () -> copy;
    }
}
