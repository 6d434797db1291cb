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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Retrying results through an outage, with sleeps that move a clock instead of taking time. */
class ResultWriterTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<Duration> sleeps = new ArrayList<>();
    private final RecordingStore store = new RecordingStore();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ResultWriter writer = new ResultWriter("worker-test", store, stopping::get, WorkerEvents.none(),
            clock, new Sleeper() {
                @Override
                public void sleep(Duration duration) {
                    sleeps.add(duration);
                    clock.advance(duration);
                }

                @Override
                public void wakeUp() {
                }
            });

    @Test
    void anOutageIsRetriedWithWaitsThatDoubleUpToFiveSecondsUntilTheWriteWorks() {
        store.failuresToCome = 8;

        writer.write(List.of(outcome(1)));

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThat(store.batches()).containsExactly(List.of(1L));
    }

    @Test
    void aStoppingWorkerGivesUpAfterThirtySecondsOfOutage() {
        store.failuresToCome = Integer.MAX_VALUE;
        stopping.set(true);

        writer.write(List.of(outcome(1)));

        Duration waited = Duration.between(T0, clock.instant());
        assertThat(waited).isGreaterThan(Duration.ofSeconds(30)).isLessThanOrEqualTo(Duration.ofSeconds(35));
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aRunningWorkerNeverGivesUp() {
        // Far past the patience of a stopping worker: an hour of outage, then the database is back.
        store.failuresToCome = 750;

        writer.write(List.of(outcome(1)));

        assertThat(Duration.between(T0, clock.instant())).isGreaterThan(Duration.ofHours(1));
        assertThat(store.batches()).containsExactly(List.of(1L));
    }

    @Test
    void writingOnceMakesOneAttemptOnly() {
        store.failuresToCome = 1;

        writer.writeOnce(List.of(outcome(1)));

        assertThat(store.attempts).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    private static JobOutcome outcome(long id) {
        return new JobOutcome(new JobRow(id, null, "task", JsonNodeFactory.instance.objectNode(), 0, T0, 1, 25, null,
                null, 0, Set.of(), T0, T0, T0, "worker-test"), null);
    }
}
