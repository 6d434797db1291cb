package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When results are written, and by which thread, driven by hand with a clock that only the test moves:
 * the batcher's own thread is never started here, so every write seen is one the test caused.
 */
class CompletionBatcherTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Duration DELAY = Duration.ofMillis(5);

    private final MutableClock clock = MutableClock.at(T0);
    private final RecordingStore store = new RecordingStore();
    private final List<String> settled = new ArrayList<>();
    private final List<String> threadsMade = new ArrayList<>();

    @Test
    void aLoneJobsResultIsWrittenAtOnceByItsOwnThread() {
        CompletionBatcher batcher = batcher(500, DELAY);

        batcher.settle(outcome(1));
        batcher.writeWaiting();

        assertThat(store.writes).singleElement().satisfies(write -> {
            assertThat(write.jobIds()).containsExactly(1L);
            assertThat(write.thread()).isEqualTo(Thread.currentThread().getName());
        });
        assertThat(settled).containsExactly("1 settled");
    }

    @Test
    void resultsWaitForOthersUntilTheFirstHasWaitedTheDelay() {
        CompletionBatcher batcher = batcher(500, DELAY);
        batcher.settle(outcome(1));
        clock.advance(Duration.ofMillis(3));
        batcher.settle(outcome(2));

        assertThat(batcher.writeIfWaitedLongEnough()).isEqualTo(Duration.ofMillis(2));
        clock.advance(Duration.ofMillis(2));
        assertThat(store.writes).isEmpty();
        assertThat(batcher.writeIfWaitedLongEnough()).isZero();

        assertThat(store.batches()).containsExactly(List.of(1L, 2L));
        assertThat(settled).containsExactly("2 settled");
        assertThat(batcher.writeIfWaitedLongEnough()).isNull();
    }

    @Test
    void whenNoOtherJobIsHeldEverythingWaitingIsWrittenAtOnce() {
        CompletionBatcher batcher = batcher(500, DELAY);
        batcher.settle(outcome(1));
        batcher.settle(outcome(2));

        batcher.settle(outcome(3));
        assertThat(store.writes).isEmpty();
        batcher.writeWaiting();

        assertThat(store.batches()).containsExactly(List.of(1L, 2L, 3L));
    }

    @Test
    void aFullBatchIsWrittenAtOnceByTheThreadThatFilledIt() {
        CompletionBatcher batcher = batcher(3, DELAY);
        batcher.settle(outcome(1));
        batcher.settle(outcome(2));
        assertThat(store.writes).isEmpty();

        batcher.settle(outcome(3));

        assertThat(store.batches()).containsExactly(List.of(1L, 2L, 3L));
        assertThat(store.writes.get(0).thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void withBatchesOfOneEachResultIsWrittenByItsJobsThreadAndNoThreadIsMade() {
        CompletionBatcher batcher = batcher(1, DELAY);

        batcher.settle(outcome(1));
        batcher.settle(outcome(2));

        assertThat(store.batches()).containsExactly(List.of(1L), List.of(2L));
        assertThat(threadsMade).isEmpty();
    }

    @Test
    void onlyBatchesThatCanWaitGetAThreadOfTheirOwn() {
        batcher(1, DELAY);
        batcher(500, Duration.ZERO);
        assertThat(threadsMade).isEmpty();

        batcher(500, DELAY);

        assertThat(threadsMade).hasSize(1);
    }

    @Test
    void closingWritesWhatWaitsAndLaterResultsAreWrittenOnTheirOwn() {
        CompletionBatcher batcher = batcher(2, DELAY);
        batcher.settle(outcome(1));

        batcher.close();
        assertThat(store.batches()).containsExactly(List.of(1L));
        batcher.settle(outcome(2));

        assertThat(store.batches()).containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void theLoopIsToldWhetherASettledJobWasInANamedQueue() {
        CompletionBatcher batcher = batcher(500, DELAY);

        batcher.settle(new JobOutcome(job(1, "serial"), null));
        batcher.writeWaiting();
        batcher.settle(outcome(2));
        batcher.writeWaiting();

        assertThat(settled).containsExactly("1 settled, a named queue among them", "1 settled");
    }

    private CompletionBatcher batcher(int batchSize, Duration delay) {
        ResultWriter writer = new ResultWriter("worker-test", store, () -> false, WorkerEvents.none(), clock,
                Sleeper.realTime());
        Batching batching = new Batching(0, Duration.ofSeconds(30), null, batchSize, delay);
        return new CompletionBatcher(writer,
                (count, anyInANamedQueue) -> settled.add(count + " settled"
                        + (anyInANamedQueue ? ", a named queue among them" : "")),
                batching, clock, runnable -> {
                    threadsMade.add("batcher");
                    return new Thread(runnable);
                });
    }

    private static JobOutcome outcome(long id) {
        return new JobOutcome(job(id, null), null);
    }

    private static JobRow job(long id, String queue) {
        return new JobRow(id, queue, "task", JsonNodeFactory.instance.objectNode(), 0, T0, 1, 25, null, null, 0,
                Set.of(), T0, T0, T0, "worker-test");
    }
}
