package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The code that runs a job: the SPI that applications implement, one handler per task identifier.
 *
 * <p>Returning normally means success: the job is deleted. Throwing anything (any {@link Throwable},
 * including {@link Error}s) means failure: the job keeps its place, records the message as
 * {@code last_error} and is retried after an exponential back-off until its {@code max_attempts} are
 * used up.
 *
 * <p>Threading: a handler is called on one of the worker's {@code concurrency} threads and may be
 * called on several threads at once for different jobs, so it must be thread-safe. A job may run more
 * than once (at-least-once delivery), so handlers should be idempotent.
 *
 * <p>To receive the payload as your own class, use {@link #typed(Class, TypedTaskHandler)}; for code
 * that returns a {@link CompletionStage} (an HTTP client's, a reactive driver's), use
 * {@link #async(AsyncTaskHandler)}; for jobs whose payload is an array of items that succeed or fail one
 * by one, use {@link #batch(BatchTaskHandler)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * Runs one job.
     *
     * @param payload the job's JSON payload, never {@code null} (an absent payload is {@code {}})
     * @param helpers the job, its logger, database access and the abort signal; valid only during this call
     * @throws Exception to fail the job; its message becomes the job's {@code last_error}
     */
    void run(JsonNode payload, JobHelpers helpers) throws Exception;

    /**
     * @return how long a job of this handler may run before it fails with "timed out"; empty (the
     *     default) for no limit. See {@link #withTimeout(Duration, TaskHandler)}.
     */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }

    /**
     * A handler whose jobs fail once they have run for {@code timeout}: the job is recorded as failed
     * ("Task timed out after ...", retried as any failure), its abort signal is raised and its
     * thread interrupted, and its concurrency slot is freed at once for the next job, even if the
     * handler ignores both and goes on running in the background.
     *
     * @param timeout positive
     * @param handler the handler to limit
     * @return the limited handler
     */
    static TaskHandler withTimeout(Duration timeout, TaskHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        Optional<Duration> limit = Optional.of(timeout);
        return new TaskHandler() {
            @Override
            public void run(JsonNode payload, JobHelpers helpers) throws Exception {
                handler.run(payload, helpers);
            }

            @Override
            public Optional<Duration> timeout() {
                return limit;
            }
        };
    }

    /**
     * A handler that receives the payload bound to {@code payloadType} by
     * {@link JobHelpers#payloadAs} (the worker's {@link PayloadMapper}, by default Jackson). A payload
     * that cannot be bound fails the job with a message naming the class and the offending field (or
     * the mapper's message).
     *
     * @param payloadType the class to bind the payload to
     * @param handler the code to run with the bound payload
     * @param <T> the payload type
     * @return a handler to register in a {@link TaskList}
     */
    static <T> TaskHandler typed(Class<T> payloadType, TypedTaskHandler<T> handler) {
        java.util.Objects.requireNonNull(payloadType, "payloadType");
        java.util.Objects.requireNonNull(handler, "handler");
        return (payload, helpers) -> handler.run(helpers.payloadAs(payloadType), helpers);
    }

    /**
     * A handler for asynchronous code: the job succeeds when the returned stage completes normally
     * and fails with the stage's exception otherwise. The job keeps its concurrency slot until then,
     * so {@code concurrency} still bounds how much work is in flight. When the worker's abort signal
     * is raised (the worker is stopping), the stage is cancelled if it has not completed; a stage
     * that ignores cancellation keeps the slot until it completes.
     *
     * <pre>{@code
     * TaskHandler fetch = TaskHandler.async((payload, helpers) ->
     *     httpClient.sendAsync(request(payload), BodyHandlers.discarding()));
     * }</pre>
     *
     * @param handler returns the stage of the job's work; {@code null} counts as already done
     * @return a handler to register in a {@link TaskList}
     */
    static TaskHandler async(AsyncTaskHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return (payload, helpers) -> {
            CompletionStage<?> stage = handler.run(payload, helpers);
            if (stage == null) {
                return;
            }
            CompletableFuture<?> future = stage.toCompletableFuture();
            try (AbortSignal.Registration cancelling = helpers.abortSignal().onAbort(() -> future.cancel(true))) {
                future.get();
            } catch (ExecutionException e) {
                // Report the task's own exception, not the future's wrapper.
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (CancellationException e) {
                throw new IllegalStateException(helpers.abortSignal().isAborted()
                        ? "Cancelled because the worker is stopping" : "The task's stage was cancelled", e);
            }
        };
    }

    /**
     * A handler for batch jobs: jobs whose payload is a JSON array of items that can succeed or fail
     * one by one (such as emails, accumulated with a {@code job_key} whose replacement appends array
     * payloads). The handler gets the array's elements and returns one stage per element, in the same
     * order. When every stage completes normally the job succeeds. When some fail, the job fails with
     * a {@link BatchJobException}: its {@code last_error} lists the failures, and its payload becomes
     * the array of the failed elements only, so the retry runs just those.
     *
     * <p>A payload that is not an array is given to the handler as a list of one element; if it fails,
     * the job fails with that element's exception and keeps its payload. A {@code null} list means every
     * element succeeded, and a {@code null} stage that its element did. A list of the wrong length fails
     * the whole job and keeps its payload (graphile-worker would count it as success). When the worker's
     * abort signal is raised, stages not yet complete are cancelled, and their elements count as failed.
     *
     * <pre>{@code
     * TaskHandler sendEmails = TaskHandler.batch((emails, helpers) -> emails.stream()
     *     .map(email -> mailer.sendAsync(email.path("to").asText()))
     *     .toList());
     * }</pre>
     *
     * @param handler returns the stage of each element's work
     * @return a handler to register in a {@link TaskList}
     * @since 0.1.0
     */
    static TaskHandler batch(BatchTaskHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return (payload, helpers) -> BatchRun.run(handler, payload, helpers);
    }

    /**
     * Code that works through the elements of a batch job's payload and reports each element's outcome.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface BatchTaskHandler {
        /**
         * Starts the work of every element.
         *
         * @param elements the payload's elements (one element when the payload is not an array); immutable
         * @param helpers the job's helpers; valid until every returned stage completes
         * @return one stage per element, in the elements' order; a stage that completes exceptionally
         *     fails its element; {@code null} when all elements succeeded
         * @throws Exception to fail the whole job, keeping every element
         */
        List<? extends CompletionStage<?>> run(List<JsonNode> elements, JobHelpers helpers) throws Exception;
    }

    /**
     * Code that starts a job's work and returns its stage.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface AsyncTaskHandler {
        /**
         * Starts the job's work.
         *
         * @param payload the job's JSON payload
         * @param helpers the job's helpers; valid until the returned stage completes
         * @return the stage of the work
         * @throws Exception to fail the job at once
         */
        CompletionStage<?> run(JsonNode payload, JobHelpers helpers) throws Exception;
    }

    /**
     * A handler whose payload is bound to a class of the application's.
     *
     * @param <T> the payload type
     * @since 0.1.0
     */
    @FunctionalInterface
    interface TypedTaskHandler<T> {
        /**
         * Runs one job.
         *
         * @param payload the bound payload
         * @param helpers the job, its logger, database access and the abort signal
         * @throws Exception to fail the job
         */
        void run(T payload, JobHelpers helpers) throws Exception;
    }
}
