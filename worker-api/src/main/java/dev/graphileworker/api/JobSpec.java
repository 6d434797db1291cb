package dev.graphileworker.api;

import java.util.Objects;

/**
 * One job to add with {@link WorkerUtils#addJobs}: a task identifier, a payload and options.
 *
 * <p>The {@link AddJobOptions#jobKeyMode() job key mode} of the options is ignored here:
 * {@code add_jobs} replaces keyed jobs, or preserves their run time when asked to for the whole batch.
 *
 * @param identifier the task identifier (at most 128 characters); not {@code null}
 * @param payload the payload: a Jackson {@code JsonNode}, a {@code Map}, or any object Jackson can
 *     serialise; {@code null} for {@code {}}
 * @param options queue, schedule, attempts, key, priority and flags; not {@code null}
 * @since 0.1.0
 */
public record JobSpec(String identifier, Object payload, AddJobOptions options) {

    /** Checks that the identifier and options are present. */
    public JobSpec {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(options, "options");
    }

    /**
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @return a spec with default options
     */
    public static JobSpec of(String identifier, Object payload) {
        return new JobSpec(identifier, payload, AddJobOptions.defaults());
    }

    /**
     * A job of a declared task with default options: the compiler checks that the payload is of the
     * task's payload type.
     *
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param <T> the payload type
     * @return a spec with the definition's identifier and default options
     * @since 0.1.0
     */
    public static <T> JobSpec of(TaskDefinition<T> definition, T payload) {
        return of(definition, payload, AddJobOptions.defaults());
    }

    /**
     * A job of a declared task: the compiler checks that the payload is of the task's payload type.
     *
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, attempts, key, priority and flags
     * @param <T> the payload type
     * @return a spec with the definition's identifier
     * @since 0.1.0
     */
    public static <T> JobSpec of(TaskDefinition<T> definition, T payload, AddJobOptions options) {
        return new JobSpec(Objects.requireNonNull(definition, "definition").identifier(), payload, options);
    }
}
