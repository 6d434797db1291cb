package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.tracing.OpenTelemetryTracing;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs traced with OpenTelemetry on PostgreSQL: the span current where a job is added travels with
 * the job (as a flag), and the job's run is its child, with the job's facts as attributes.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobTracingTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    private final OpenTelemetryTracing tracing = new OpenTelemetryTracing(openTelemetry);
    private final TestDatabase database;

    JobTracingTest(TestDatabase database) {
        this.database = database;
    }

    @AfterEach
    void closeSdk() {
        openTelemetry.close();
    }

    private WorkerOptions options(TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString())
                .enqueueInterceptor(tracing.enqueueInterceptor())
                .taskList(tracing.instrument(tasks))
                .build();
    }

    private SpanData spanNamed(String name) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }

    @Test
    void aJobAddedInASpanRunsAsItsChildWithTheJobsFacts() {
        WorkerOptions options = options(TaskList.builder().task("send_email", (payload, helpers) -> { }).build());
        GraphileWorker.runMigrations(options);
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /orders").startSpan();
        long jobId;
        try (Scope ignored = request.makeCurrent(); WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            jobId = utils.addJob("send_email", Map.of("to", "ada@example.com"),
                    AddJobOptions.defaults().withQueueName("emails")).id();
        } finally {
            request.end();
        }
        assertThat(database.text("select flags::text from graphile_worker._private_jobs where id = " + jobId))
                .contains(OpenTelemetryTracing.FLAG_PREFIX + "00-" + request.getSpanContext().getTraceId());

        GraphileWorker.runOnce(options);

        SpanData run = spanNamed("send_email process");
        assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("graphile_worker.task"), "send_email")
                .containsEntry(AttributeKey.longKey("graphile_worker.job.id"), jobId)
                .containsEntry(AttributeKey.longKey("graphile_worker.job.attempt"), 1L)
                .containsEntry(AttributeKey.stringKey("graphile_worker.job.queue"), "emails")
                .containsEntry(AttributeKey.stringKey("graphile_worker.job.outcome"), "success")
                .containsEntry(AttributeKey.stringKey("messaging.system"), "graphile_worker");
    }

    @Test
    void aFailedRunIsAnErrorSpanAndSpansMadeByTheHandlerAreItsChildren() {
        WorkerOptions options = options(TaskList.builder().task("charge", (payload, helpers) -> {
            openTelemetry.getTracer("test").spanBuilder("call the payment provider").startSpan().end();
            throw new IllegalStateException("card declined");
        }).build());
        GraphileWorker.runMigrations(options);
        database.execute("select graphile_worker.add_job('charge', max_attempts => 2)");

        GraphileWorker.runOnce(options);

        SpanData run = spanNamed("charge process");
        assertThat(run.getParentSpanContext().isValid()).as("a job added with SQL has no parent").isFalse();
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(run.getStatus().getDescription()).isEqualTo("card declined");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("graphile_worker.job.outcome"))).isEqualTo("retry");
        assertThat(run.getEvents()).extracting(event -> event.getName()).contains("exception");
        assertThat(spanNamed("call the payment provider").getParentSpanId()).isEqualTo(run.getSpanId());
    }

    @Test
    void withoutACurrentSpanNoFlagIsAddedAndTimeLimitsAreKept() {
        TaskList tasks = TaskList.builder()
                .task("slow", TaskHandler.withTimeout(Duration.ofSeconds(7), (payload, helpers) -> { }))
                .build();
        WorkerOptions options = options(tasks);
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            long id = utils.addJob("slow", Map.of(), AddJobOptions.defaults().withFlags(java.util.Set.of("bulk"))).id();
            assertThat(database.text("select flags::text from graphile_worker._private_jobs where id = " + id))
                    .isEqualTo("{\"bulk\": true}");
        }

        assertThat(options.taskList().handler("slow").orElseThrow().timeout()).contains(Duration.ofSeconds(7));
        GraphileWorker.runOnce(options);
        assertThat(List.of(spanNamed("slow process").getParentSpanContext().isValid())).containsExactly(false);
    }
}
