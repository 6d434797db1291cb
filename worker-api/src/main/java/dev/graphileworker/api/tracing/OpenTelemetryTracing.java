package dev.graphileworker.api.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.EnqueueInterceptor;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Traces jobs with OpenTelemetry: each run of a job is a span, and a job added while a span is current
 * (a web request's, say) runs as that span's child, in the same trace, however much later and on
 * whichever worker it runs.
 *
 * <pre>{@code
 * OpenTelemetryTracing tracing = new OpenTelemetryTracing(openTelemetry);
 * WorkerOptions options = WorkerOptions.builder()
 *     .connectionString(url)
 *     .enqueueInterceptor(tracing.enqueueInterceptor())   // where jobs are added
 *     .taskList(tracing.instrument(tasks))                 // where jobs run
 *     .build();
 * }</pre>
 *
 * <p><b>How the context travels.</b> The shared schema has no column for it, and a payload belongs to
 * the application (and to Node.js tasks, which would see any key added to it), so the W3C
 * {@code traceparent} of the span current at {@code addJob} travels as a flag of the job:
 * {@code traceparent=00-<trace id>-<span id>-<flags>}. Flags only matter to workers told to forbid
 * that exact flag, so Node.js workers run such a job as any other. It costs one flag, about 70 bytes
 * of the job's {@code flags}, on jobs added while a span is current, and nothing on others; jobs added
 * from SQL carry no context, and their runs are root spans. {@code tracestate} and baggage are not
 * carried.
 *
 * <p><b>The span of a run</b>: named {@code <task> process}, kind {@code CONSUMER}, with the attributes
 * {@code messaging.system=graphile_worker}, {@code graphile_worker.task}, {@code graphile_worker.job.id},
 * {@code graphile_worker.job.attempt}, {@code graphile_worker.job.queue} (for jobs in a named queue)
 * and {@code graphile_worker.job.outcome}: {@code success}, {@code retry} (it failed and will run
 * again) or {@code failed} (its last attempt failed). A failure also records the exception and sets
 * the span's status to error. The span is current while the handler runs, so spans the handler makes
 * (its HTTP calls, its queries) are its children.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class OpenTelemetryTracing {

    /** How a job's flag that carries a trace context begins. */
    public static final String FLAG_PREFIX = "traceparent=";

    static final AttributeKey<String> TASK = AttributeKey.stringKey("graphile_worker.task");
    static final AttributeKey<Long> JOB_ID = AttributeKey.longKey("graphile_worker.job.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("graphile_worker.job.attempt");
    static final AttributeKey<String> QUEUE = AttributeKey.stringKey("graphile_worker.job.queue");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("graphile_worker.job.outcome");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;

    /** @param openTelemetry where the spans go */
    public OpenTelemetryTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer("dev.graphileworker");
    }

    /** @return an interceptor that gives each job added while a span is current that span's context, as a flag */
    public EnqueueInterceptor enqueueInterceptor() {
        return (taskIdentifier, options) -> {
            Map<String, String> carrier = new HashMap<>();
            W3C.inject(Context.current(), carrier, Map::put);
            String traceparent = carrier.get(TRACEPARENT);
            if (traceparent == null) {
                return options;
            }
            Set<String> flags = new LinkedHashSet<>(options.flags());
            flags.removeIf(flag -> flag.startsWith(FLAG_PREFIX));
            flags.add(FLAG_PREFIX + traceparent);
            return options.withFlags(flags);
        };
    }

    /**
     * @param tasks the worker's tasks
     * @return the same tasks, each run in a span (a dynamic list stays dynamic)
     */
    public TaskList instrument(TaskList tasks) {
        return tasks.wrap(this::traced);
    }

    /**
     * @param taskIdentifier the task
     * @param handler its handler
     * @return the handler, run in a span; its time limit is kept
     */
    public TaskHandler traced(String taskIdentifier, TaskHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new TaskHandler() {
            @Override
            public void run(JsonNode payload, JobHelpers helpers) throws Exception {
                Job job = helpers.job();
                Span span = startSpan(taskIdentifier, job);
                try (Scope ignored = span.makeCurrent()) {
                    handler.run(payload, helpers);
                    span.setAttribute(OUTCOME, "success");
                } catch (Exception | Error e) {
                    span.setAttribute(OUTCOME, job.attempts() >= job.maxAttempts() ? "failed" : "retry");
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                    throw e;
                } finally {
                    span.end();
                }
            }

            @Override
            public Optional<Duration> timeout() {
                return handler.timeout();
            }
        };
    }

    private Span startSpan(String taskIdentifier, Job job) {
        SpanBuilder span = tracer.spanBuilder(taskIdentifier + " process")
                .setParent(enqueuingContext(job.flags()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "graphile_worker")
                .setAttribute(TASK, taskIdentifier)
                .setAttribute(JOB_ID, job.id())
                .setAttribute(ATTEMPT, (long) job.attempts());
        job.queueName().ifPresent(queue -> span.setAttribute(QUEUE, queue));
        return span.startSpan();
    }

    /** The context of the span that added the job, or none: never the worker thread's own. */
    private static Context enqueuingContext(Set<String> flags) {
        List<String> traceparents = flags.stream().filter(flag -> flag.startsWith(FLAG_PREFIX)).toList();
        if (traceparents.size() != 1) {
            return Context.root();
        }
        Map<String, String> carrier = Map.of(TRACEPARENT, traceparents.get(0).substring(FLAG_PREFIX.length()));
        return W3C.extract(Context.root(), carrier, MapGetter.INSTANCE);
    }

    private enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
