package dev.graphileworker.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);

    @Test
    void jobEventsCountPerTaskAndTimeEachOutcome() {
        metrics.onEvent(event(WorkerEventType.JOB_START, "send_email", Map.of()));
        metrics.onEvent(event(WorkerEventType.JOB_SUCCESS, "send_email", Map.of("durationMillis", 40L)));
        metrics.onEvent(event(WorkerEventType.JOB_START, "send_email", Map.of()));
        metrics.onEvent(event(WorkerEventType.JOB_ERROR, "send_email", Map.of("durationMillis", 10L)));
        metrics.onEvent(event(WorkerEventType.JOB_START, "charge", Map.of()));
        metrics.onEvent(event(WorkerEventType.JOB_FAILED, "charge", Map.of("durationMillis", 5L)));

        assertThat(registry.get("graphile_worker.jobs.started").tag("task", "send_email").counter().count()).isEqualTo(2);
        assertThat(registry.get("graphile_worker.jobs.succeeded").tag("task", "send_email").counter().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.jobs.retried").tag("task", "send_email").counter().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.jobs.failed").tag("task", "charge").counter().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.job.duration").tags("task", "send_email", "outcome", "success")
                .timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("graphile_worker.job.duration").tags("task", "charge", "outcome", "failed")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void claimAndSettleRoundTripsAreTimed() {
        metrics.onEvent(new WorkerEvent(WorkerEventType.WORKER_CLAIM, Instant.now(), "worker-1", Optional.empty(),
                Optional.empty(), Map.of("count", 5, "durationMillis", 2L)));
        metrics.onEvent(new WorkerEvent(WorkerEventType.WORKER_SETTLE, Instant.now(), "worker-1", Optional.empty(),
                Optional.empty(), Map.of("count", 5, "durationMillis", 1L)));

        assertThat(registry.get("graphile_worker.claim").timer().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.settle").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1);
    }

    private static WorkerEvent event(WorkerEventType type, String task, Map<String, Object> details) {
        return new WorkerEvent(type, Instant.now(), "worker-1", Optional.of(job(task)), Optional.empty(), details);
    }

    private static Job job(String task) {
        return new Job() {
            @Override public long id() { return 1; }
            @Override public Optional<String> queueName() { return Optional.empty(); }
            @Override public String taskIdentifier() { return task; }
            @Override public JsonNode payload() { return JsonNodeFactory.instance.objectNode(); }
            @Override public int priority() { return 0; }
            @Override public Instant runAt() { return Instant.now(); }
            @Override public int attempts() { return 1; }
            @Override public int maxAttempts() { return 25; }
            @Override public Optional<String> lastError() { return Optional.empty(); }
            @Override public Optional<String> key() { return Optional.empty(); }
            @Override public int revision() { return 0; }
            @Override public Set<String> flags() { return Set.of(); }
            @Override public Instant createdAt() { return Instant.now(); }
            @Override public Instant updatedAt() { return Instant.now(); }
            @Override public Optional<Instant> lockedAt() { return Optional.empty(); }
            @Override public Optional<String> lockedBy() { return Optional.empty(); }
        };
    }
}
