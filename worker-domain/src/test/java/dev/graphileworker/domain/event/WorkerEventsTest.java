package dev.graphileworker.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventListener;
import dev.graphileworker.api.events.WorkerEventType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerEventsTest {

    private final List<WorkerEvent> received = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Test
    void eventsArriveInOrderOnTheDispatcherThreadNotTheEmittingOne() {
        try (WorkerEvents events = events(event -> {
            threads.add(Thread.currentThread().getName());
            received.add(event);
        })) {
            events.emit(WorkerEventType.JOB_START);
            events.emit(WorkerEventType.JOB_SUCCESS, Map.of("durationMillis", 3L));
        }

        assertThat(received).extracting(WorkerEvent::type)
                .containsExactly(WorkerEventType.JOB_START, WorkerEventType.JOB_SUCCESS);
        assertThat(received.get(1).details()).containsEntry("durationMillis", 3L);
        assertThat(received).allSatisfy(event -> assertThat(event.workerId()).isEqualTo("worker-test"));
        assertThat(threads).allSatisfy(name -> assertThat(name).isEqualTo("graphile-worker-worker-test-events")
                .isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void aListenerThatThrowsKeepsReceivingAndOthersStillGetEveryEvent() {
        AtomicInteger calls = new AtomicInteger();
        try (WorkerEvents events = new WorkerEvents("worker-test", List.of(event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }, received::add), Clock.systemUTC())) {
            events.emit(WorkerEventType.JOB_START);
            events.emit(WorkerEventType.JOB_COMPLETE);
        }

        assertThat(calls).hasValue(2);
        assertThat(received).hasSize(2);
    }

    @Test
    void aStuckListenerNeverBlocksTheWorkerItLosesWhatDoesNotFitTheBacklog() throws Exception {
        CountDownLatch firstEventHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        WorkerEvents events = events(event -> {
            if (delivered.incrementAndGet() == 1) {
                firstEventHeld.countDown();
                await(release);
            }
        });
        events.emit(WorkerEventType.JOB_START);
        assertThat(firstEventHeld.await(60, TimeUnit.SECONDS)).isTrue();

        // Were emit to wait for the listener, this loop would never end: the listener waits for us.
        for (int n = 0; n < 2 * WorkerEventListener.BACKLOG_LIMIT; n++) {
            events.emit(WorkerEventType.WORKER_GET_JOB_EMPTY);
        }
        release.countDown();
        events.close();

        assertThat(delivered).hasValue(1 + WorkerEventListener.BACKLOG_LIMIT);
    }

    @Test
    void withoutListenersNothingIsQueuedOrStarted() {
        WorkerEvents none = WorkerEvents.none();

        none.emit(WorkerEventType.JOB_START);
        none.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().endsWith("none-events"));
    }

    private WorkerEvents events(WorkerEventListener listener) {
        return new WorkerEvents("worker-test", List.of(listener), Clock.systemUTC());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
