package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.domain.worker.Batching;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batch jobs and forbidden flags given as a function, through the domain's loop with the in-memory ports. */
class BatchJobLoopTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final List<List<JsonNode>> batchesSeen = new CopyOnWriteArrayList<>();

    /** Fails every element whose text starts with "bad". */
    private final TaskList emails = TaskList.builder().task("emails", TaskHandler.batch((elements, helpers) -> {
        batchesSeen.add(elements);
        return elements.stream().<CompletionStage<?>>map(element -> element.asText().startsWith("bad")
                ? CompletableFuture.failedFuture(new IllegalStateException("could not send " + element.asText()))
                : CompletableFuture.completedFuture(null)).toList();
    })).build();

    @Test
    void batchJobWhoseElementsAllSucceedIsCompleted() {
        queue.addJob("emails", List.of("a", "b", "c"), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(emails, queue);

        assertThat(batchesSeen).singleElement().isEqualTo(List.of(json("\"a\""), json("\"b\""), json("\"c\"")));
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void batchJobWithFailedElementsKeepsOnlyThoseAndRetriesThemAlone() {
        Job added = queue.addJob("emails", List.of("a", "bad-1", "b", "bad-2"), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(emails, queue);

        Job failed = queue.job(added.id()).orElseThrow();
        assertThat(failed.payload()).isEqualTo(json("[\"bad-1\",\"bad-2\"]"));
        assertThat(failed.lastError()).contains("Batch failures:\ncould not send bad-1\ncould not send bad-2");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.runAt()).isAfter(START);

        clock.advance(Duration.ofMinutes(1));
        InMemoryWorker.runTaskListOnce(emails, queue);

        assertThat(batchesSeen).hasSize(2);
        assertThat(batchesSeen.get(1)).containsExactly(json("\"bad-1\""), json("\"bad-2\""));
        assertThat(queue.job(added.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void payloadThatIsNotAnArrayIsABatchOfOneAndKeptWhenItFails() {
        Job added = queue.addJob("emails", "bad-only", AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(emails, queue);

        assertThat(batchesSeen).singleElement().isEqualTo(List.of(json("\"bad-only\"")));
        Job failed = queue.job(added.id()).orElseThrow();
        assertThat(failed.payload()).isEqualTo(json("\"bad-only\""));
        assertThat(failed.lastError()).contains("could not send bad-only");
    }

    @Test
    void batchHandlerReturningTheWrongNumberOfResultsFailsTheWholeJobAndLosesNothing() {
        Job added = queue.addJob("short", List.of(1, 2, 3), AddJobOptions.defaults());
        TaskList tasks = TaskList.builder().task("short", TaskHandler.batch((elements, helpers) ->
                List.of(CompletableFuture.completedFuture(null)))).build();

        InMemoryWorker.runTaskListOnce(tasks, queue);

        Job failed = queue.job(added.id()).orElseThrow();
        assertThat(failed.payload()).isEqualTo(json("[1,2,3]"));
        assertThat(failed.lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains("returned 1 results for 3 payload elements"));
    }

    @Test
    void forbiddenFlagsFunctionIsAskedBeforeEachClaim() throws Exception {
        AtomicBoolean throttled = new AtomicBoolean(true);
        CountDownLatch plainRan = new CountDownLatch(1);
        CountDownLatch throttledRan = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder().task("send", (payload, helpers) -> {
            ran.add(payload.path("kind").asText());
            (payload.path("kind").asText().equals("smtp") ? throttledRan : plainRan).countDown();
        }).build();
        WorkerSettings settings = new WorkerSettings(WorkerIds.newPlain(), 1, Duration.ofMillis(50), tasks,
                () -> throttled.get() ? Set.of("smtp") : null, Duration.ZERO,
                Batching.defaults());
        queue.addJob("send", Map.of("kind", "smtp"), AddJobOptions.defaults().withFlags(Set.of("smtp")));
        queue.addJob("send", Map.of("kind", "plain"), AddJobOptions.defaults().withPriority(1));

        try (RunningWorker worker = InMemoryWorker.worker(settings, queue, queue, Clock.systemUTC()).start()) {
            // The plain job has the lower priority: having run it, the worker has claimed past the flagged one.
            assertThat(plainRan.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("plain");

            throttled.set(false);
            assertThat(throttledRan.await(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ran).containsExactly("plain", "smtp");
    }

    @Test
    void forbiddenFlagsFunctionThatThrowsSkipsTheClaimAndTheNextClaimAsksAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger attempt = new AtomicInteger();
        TaskList tasks = TaskList.builder().task("send", (payload, helpers) -> {
            attempt.set(helpers.job().attempts());
            ran.countDown();
        }).build();
        WorkerSettings settings = new WorkerSettings(WorkerIds.newPlain(), 1, Duration.ofMillis(50), tasks,
                () -> {
                    if (asked.incrementAndGet() <= 2) {
                        throw new IllegalStateException("rate limiter unavailable");
                    }
                    return Set.of();
                }, Duration.ZERO, Batching.defaults());
        Job added = queue.addJob("send", null, AddJobOptions.defaults());

        try (RunningWorker worker = InMemoryWorker.worker(settings, queue, queue, Clock.systemUTC()).start()) {
            assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(asked.get()).isGreaterThanOrEqualTo(3);
        // The failed rounds claimed nothing, so the job ran on its first attempt and is done.
        assertThat(attempt.get()).isEqualTo(1);
        assertThat(queue.job(added.id())).isEmpty();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
