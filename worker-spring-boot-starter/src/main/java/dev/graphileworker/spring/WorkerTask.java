package dev.graphileworker.spring;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskDefinition;

/**
 * A task of a Spring application: every bean of this type is registered with the application's worker
 * under its definition's identifier, and gets the payload bound to the definition's type. The same
 * definition enqueues its jobs through {@link Jobs}, so the name and the payload type are written once
 * and checked by the compiler at both ends.
 *
 * <pre>{@code
 * public record SendEmail(String to, String subject) {
 *     public static final TaskDefinition<SendEmail> TASK = TaskDefinition.of("send_email", SendEmail.class);
 * }
 *
 * @Component
 * class SendEmailTask implements WorkerTask<SendEmail> {
 *     public TaskDefinition<SendEmail> definition() { return SendEmail.TASK; }
 *     public void run(SendEmail email, JobHelpers helpers) { mailer.send(email.to(), email.subject()); }
 * }
 * }</pre>
 *
 * <p>Two beans with one identifier stop the application's start, naming both beans. As with any
 * handler, {@link #run} may be called on several threads at once and a job may run more than once, so
 * it should be thread-safe and idempotent; throwing fails the job, which is retried with back-off.
 *
 * @param <T> the payload type
 * @since 0.1.0
 */
public interface WorkerTask<T> {

    /** @return the task's identifier and payload type; the same value every time */
    TaskDefinition<T> definition();

    /**
     * Runs one job.
     *
     * @param payload the job's payload, bound to the definition's type
     * @param helpers the job, its logger, database access and the abort signal; valid only during this call
     * @throws Exception to fail the job; its message becomes the job's {@code last_error}
     */
    void run(T payload, JobHelpers helpers) throws Exception;
}
