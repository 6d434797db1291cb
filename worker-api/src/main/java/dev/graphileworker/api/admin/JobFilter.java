package dev.graphileworker.api.admin;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list or act on: every criterion given must hold (an empty one matches every job).
 *
 * <pre>{@code
 * JobFilter failedEmails = JobFilter.all().withStates(JobState.FAILED, JobState.PERMANENTLY_FAILED)
 *     .withTask("send_email").withErrorContaining("timeout");
 * }</pre>
 *
 * @param states the states a job may be in; empty for any
 * @param taskIdentifier the task, exactly
 * @param queueName the named queue, exactly
 * @param jobKey the job key, exactly
 * @param flag a flag the job carries
 * @param errorContaining text the job's {@code last_error} contains, ignoring case
 * @since 0.1.0
 */
public record JobFilter(Set<JobState> states, Optional<String> taskIdentifier, Optional<String> queueName,
        Optional<String> jobKey, Optional<String> flag, Optional<String> errorContaining) {

    /** Checks that every part is present (empty, not null, when not used) and copies the states. */
    public JobFilter {
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        Objects.requireNonNull(taskIdentifier, "taskIdentifier");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(jobKey, "jobKey");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(errorContaining, "errorContaining");
    }

    /** @return a filter that matches every job */
    public static JobFilter all() {
        return new JobFilter(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * @param first a state
     * @param more more states
     * @return this filter, matching jobs in any of the given states
     */
    public JobFilter withStates(JobState first, JobState... more) {
        return new JobFilter(EnumSet.of(first, more), taskIdentifier, queueName, jobKey, flag, errorContaining);
    }

    /**
     * @param states states; empty for any
     * @return this filter, matching jobs in any of the given states
     */
    public JobFilter withStates(Set<JobState> states) {
        return new JobFilter(states, taskIdentifier, queueName, jobKey, flag, errorContaining);
    }

    /**
     * @param task a task identifier
     * @return this filter, for that task only
     */
    public JobFilter withTask(String task) {
        return new JobFilter(states, Optional.of(task), queueName, jobKey, flag, errorContaining);
    }

    /**
     * @param queue a queue name
     * @return this filter, for that named queue only
     */
    public JobFilter withQueue(String queue) {
        return new JobFilter(states, taskIdentifier, Optional.of(queue), jobKey, flag, errorContaining);
    }

    /**
     * @param key a job key
     * @return this filter, for the job with that key only
     */
    public JobFilter withJobKey(String key) {
        return new JobFilter(states, taskIdentifier, queueName, Optional.of(key), flag, errorContaining);
    }

    /**
     * @param flag a flag
     * @return this filter, for jobs carrying that flag only
     */
    public JobFilter withFlag(String flag) {
        return new JobFilter(states, taskIdentifier, queueName, jobKey, Optional.of(flag), errorContaining);
    }

    /**
     * @param text text of an error
     * @return this filter, for jobs whose last error contains it, ignoring case
     */
    public JobFilter withErrorContaining(String text) {
        return new JobFilter(states, taskIdentifier, queueName, jobKey, flag, Optional.of(text));
    }

    /** @return whether this filter matches every job (acting on every job needs it said explicitly) */
    public boolean matchesEverything() {
        return states.isEmpty() && taskIdentifier.isEmpty() && queueName.isEmpty() && jobKey.isEmpty()
                && flag.isEmpty() && errorContaining.isEmpty();
    }
}
