package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.Job;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The environment graphile-worker gives an executable task, so one script serves Java and Node.js
 * workers alike: the same variable names, and values written as Node.js writes them.
 */
final class ExecutableEnvironment {

    /** JavaScript's {@code Date.toISOString()}: UTC, always milliseconds. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ExecutableEnvironment() {
    }

    /**
     * Adds the job's variables to {@code environment} (the worker's own, inherited), replacing any
     * the worker itself had.
     *
     * @param environment a process builder's environment
     * @param identifier the task identifier
     * @param job the job
     */
    static void addTo(Map<String, String> environment, String identifier, Job job) {
        // "json" names the standard input's format, so that other formats can be added later.
        environment.put("GRAPHILE_WORKER_PAYLOAD_FORMAT", "json");
        environment.put("GRAPHILE_WORKER_TASK_IDENTIFIER", identifier);
        environment.put("GRAPHILE_WORKER_JOB_ID", Long.toString(job.id()));
        // A job without a key has no variable at all, as in Node.js (which drops undefined values).
        job.key().ifPresentOrElse(key -> environment.put("GRAPHILE_WORKER_JOB_KEY", key),
                () -> environment.remove("GRAPHILE_WORKER_JOB_KEY"));
        environment.put("GRAPHILE_WORKER_JOB_ATTEMPTS", Integer.toString(job.attempts()));
        environment.put("GRAPHILE_WORKER_JOB_MAX_ATTEMPTS", Integer.toString(job.maxAttempts()));
        environment.put("GRAPHILE_WORKER_JOB_PRIORITY", Integer.toString(job.priority()));
        environment.put("GRAPHILE_WORKER_JOB_RUN_AT", ISO_MILLIS.format(job.runAt()));
    }
}
