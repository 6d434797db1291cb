package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobSpec;
import java.time.Instant;
import java.util.Set;

/**
 * One job as {@code add_job} is about to write it: the producer's values checked against the
 * columns' constraints and the missing ones filled with the function's defaults.
 */
public record NewJob(
        String identifier,
        JsonNode payload,
        String queueName,
        Instant runAt,
        int maxAttempts,
        String key,
        int priority,
        Set<String> flags) {

    private static final int DEFAULT_MAX_ATTEMPTS = 25;
    private static final int DEFAULT_PRIORITY = 0;

    /**
     * @param now the statement's time, the default run at
     * @throws dev.graphileworker.api.WorkerException when a value breaks a constraint of the schema
     */
    public static NewJob of(String identifier, JsonNode payload, AddJobOptions options, Instant now) {
        AddJobOptions given = options == null ? AddJobOptions.defaults() : options;
        ColumnRules.checkIdentifier(identifier);
        String queueName = given.queueName().orElse(null);
        ColumnRules.checkQueueName(queueName);
        String key = given.jobKey().orElse(null);
        ColumnRules.checkKey(key);
        int maxAttempts = ColumnRules.checkMaxAttempts(given.maxAttempts().orElse(DEFAULT_MAX_ATTEMPTS));
        int priority = ColumnRules.smallint("priority", given.priority().orElse(DEFAULT_PRIORITY));
        return new NewJob(identifier, payload, queueName,
                given.runAt().orElse(now), maxAttempts, key, priority, given.flags());
    }

    /** @see #of(String, JsonNode, AddJobOptions, Instant) */
    public static NewJob of(JobSpec spec, JsonNode payload, Instant now) {
        return of(spec.identifier(), payload, spec.options(), now);
    }
}
