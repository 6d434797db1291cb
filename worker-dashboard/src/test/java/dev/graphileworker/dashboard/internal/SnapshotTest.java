package dev.graphileworker.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How pages share a read of the whole queue: one read for many requests at once, served fresh, then
 * stale while the next is read in the background, then read again while waiting; forgotten on demand.
 * Ages follow a clock the test moves.
 */
class SnapshotTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final AtomicLong nanoTime = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService requests = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        requests.shutdownNow();
    }

    @Test
    void manyRequestsAtOnceShareOneRead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Snapshot<Integer> snapshot = new Snapshot<>("test", () -> {
            await(release);
            return reads.incrementAndGet();
        }, Clock.systemUTC(), nanoTime::get);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(requests.submit(() -> snapshot.get().value()));
        }
        release.countDown();
        for (Future<Integer> answer : answers) {
            assertThat(answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void freshThenStaleWhileReadingInTheBackgroundThenReadWhileWaiting() throws Exception {
        Snapshot<Integer> snapshot = new Snapshot<>("test", reads::incrementAndGet, Clock.systemUTC(), nanoTime::get);
        assertThat(snapshot.get().value()).isEqualTo(1);

        nanoTime.addAndGet(Snapshot.FRESH.toNanos());
        assertThat(snapshot.get().value()).as("fresh: served as it is").isEqualTo(1);
        assertThat(reads).hasValue(1);

        nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(snapshot.get().value()).as("stale: served once more").isEqualTo(1);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (snapshot.get().value() != 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(snapshot.get().value()).as("the background read replaced it").isEqualTo(2);

        nanoTime.addAndGet(Snapshot.STALE_LIMIT.toNanos() + 1);
        assertThat(snapshot.get().value()).as("too old: read while waiting").isEqualTo(3);
    }

    @Test
    void aForgottenReadingIsReadAnew() {
        Snapshot<Integer> snapshot = new Snapshot<>("test", reads::incrementAndGet, Clock.systemUTC(), nanoTime::get);
        assertThat(snapshot.get().value()).isEqualTo(1);
        snapshot.invalidate();
        assertThat(snapshot.get().value()).isEqualTo(2);
        assertThat(snapshot.get().value()).isEqualTo(2);
    }

    @Test
    void aReadBegunBeforeAnInvalidationIsNotKept() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Snapshot<Integer> snapshot = new Snapshot<>("test", () -> {
            if (calls.incrementAndGet() == 1) {
                reading.countDown();
                await(release);
                return -1;
            }
            return calls.get();
        }, Clock.systemUTC(), nanoTime::get);
        Future<Integer> early = requests.submit(() -> snapshot.get().value());
        await(reading);
        snapshot.invalidate();
        release.countDown();
        assertThat(early.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("its own request still sees it").isEqualTo(-1);
        assertThat(snapshot.get().value()).as("the next request reads anew").isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within " + DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
