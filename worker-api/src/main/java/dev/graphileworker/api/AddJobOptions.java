package dev.graphileworker.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to add a job: its queue, schedule, attempts, key, priority and flags. Immutable; every
 * {@code with...} method returns a copy. Options left unset take the SQL function's defaults: no
 * queue, run now, 25 attempts, no key, priority 0, no flags, {@link JobKeyMode#REPLACE}.
 *
 * <pre>{@code
 * AddJobOptions.defaults().withQueueName("emails").withMaxAttempts(5).withJobKey("welcome:42")
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AddJobOptions {

    private static final AddJobOptions DEFAULTS =
            new AddJobOptions(null, null, null, null, JobKeyMode.REPLACE, null, Set.of());

    private final String queueName;
    private final Instant runAt;
    private final Integer maxAttempts;
    private final String jobKey;
    private final JobKeyMode jobKeyMode;
    private final Integer priority;
    private final Set<String> flags;

    private AddJobOptions(String queueName, Instant runAt, Integer maxAttempts, String jobKey,
            JobKeyMode jobKeyMode, Integer priority, Set<String> flags) {
        this.queueName = queueName;
        this.runAt = runAt;
        this.maxAttempts = maxAttempts;
        this.jobKey = jobKey;
        this.jobKeyMode = jobKeyMode;
        this.priority = priority;
        this.flags = flags;
    }

    /** @return options with every value at its default */
    public static AddJobOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param queueName a named queue (at most 128 characters): its jobs run one at a time, in order;
     *     {@code null} for none
     * @return a copy with the queue name set
     */
    public AddJobOptions withQueueName(String queueName) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param runAt the earliest time the job may run; {@code null} for now
     * @return a copy with the run time set
     */
    public AddJobOptions withRunAt(Instant runAt) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param maxAttempts how many attempts the job gets (at least 1); {@code null} for 25
     * @return a copy with the attempts set
     */
    public AddJobOptions withMaxAttempts(Integer maxAttempts) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param jobKey a key (1 to 512 characters) that identifies the job for replacement and
     *     de-duplication; {@code null} for none
     * @return a copy with the key set
     */
    public AddJobOptions withJobKey(String jobKey) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param jobKeyMode what to do when a job with the same key exists; not {@code null}
     * @return a copy with the mode set
     */
    public AddJobOptions withJobKeyMode(JobKeyMode jobKeyMode) {
        Objects.requireNonNull(jobKeyMode, "jobKeyMode");
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param priority lower numbers run first; {@code null} for 0
     * @return a copy with the priority set
     */
    public AddJobOptions withPriority(Integer priority) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    /**
     * @param flags flags a worker may refuse to run (see forbidden flags); not {@code null}
     * @return a copy with the flags set
     */
    public AddJobOptions withFlags(Set<String> flags) {
        return new AddJobOptions(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, Set.copyOf(flags));
    }

    /** @return the named queue, if set */
    public Optional<String> queueName() {
        return Optional.ofNullable(queueName);
    }

    /** @return the run time, if set */
    public Optional<Instant> runAt() {
        return Optional.ofNullable(runAt);
    }

    /** @return the maximum attempts, if set */
    public Optional<Integer> maxAttempts() {
        return Optional.ofNullable(maxAttempts);
    }

    /** @return the job key, if set */
    public Optional<String> jobKey() {
        return Optional.ofNullable(jobKey);
    }

    /** @return the job key mode, {@link JobKeyMode#REPLACE} unless set */
    public JobKeyMode jobKeyMode() {
        return jobKeyMode;
    }

    /** @return the priority, if set */
    public Optional<Integer> priority() {
        return Optional.ofNullable(priority);
    }

    /** @return the flags, empty unless set */
    public Set<String> flags() {
        return flags;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddJobOptions o
                && Objects.equals(queueName, o.queueName) && Objects.equals(runAt, o.runAt)
                && Objects.equals(maxAttempts, o.maxAttempts) && Objects.equals(jobKey, o.jobKey)
                && jobKeyMode == o.jobKeyMode && Objects.equals(priority, o.priority)
                && flags.equals(o.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queueName, runAt, maxAttempts, jobKey, jobKeyMode, priority, flags);
    }

    @Override
    public String toString() {
        return "AddJobOptions{queueName=" + queueName + ", runAt=" + runAt + ", maxAttempts=" + maxAttempts
                + ", jobKey=" + jobKey + ", jobKeyMode=" + jobKeyMode + ", priority=" + priority
                + ", flags=" + flags + "}";
    }
}
