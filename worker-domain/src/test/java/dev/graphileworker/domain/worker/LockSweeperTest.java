package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockSweeperTest {

    private final AtomicInteger sweeps = new AtomicInteger();
    private final DelayRecordingScheduler scheduler = new DelayRecordingScheduler();
    private final LockSweeper sweeper = new LockSweeper(new SweepCountingStore(), scheduler, WorkerEvents.none());

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void firstSweepComesWithinAMinuteOfStart() {
        sweeper.start();

        assertThat(nextSweepIn()).isBetween(Duration.ZERO, Duration.ofSeconds(60));
    }

    @Test
    void eachSweepAsksTheStoreOnceAndSchedulesTheNextInEightToTenMinutes() {
        sweeper.run();

        assertThat(sweeps.get()).isEqualTo(1);
        assertThat(nextSweepIn()).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(10));
    }

    @Test
    void aFailedSweepIsTriedAgainLater() {
        LockSweeper failing = new LockSweeper(new SweepCountingStore() {
            @Override
            public int releaseStaleLocks() {
                throw new IllegalStateException("database down");
            }
        }, scheduler, WorkerEvents.none());

        failing.run();

        assertThat(scheduler.delays).hasSize(1);
    }

    private Duration nextSweepIn() {
        assertThat(scheduler.delays).hasSize(1);
        return scheduler.delays.get(0);
    }

    /**
     * Keeps the delay each sweep was scheduled with and never runs it. Reading the delay back from a
     * live executor's queue would measure the time the test took too, and a sweep due within
     * milliseconds could run (and schedule the next) before the test looked.
     */
    private static final class DelayRecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        DelayRecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return null;
        }
    }

    /** A store that only counts sweeps; the sweeper uses nothing else. */
    private class SweepCountingStore implements JobStore {
        @Override
        public List<JobRow> claimJobs(String workerId, Set<String> tasks, Set<String> forbiddenFlags, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void completeJobs(String workerId, Collection<Long> jobIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void failJobs(String workerId, Collection<JobFailure> failures) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseJobs(String workerId, Collection<Long> jobIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int releaseStaleLocks() {
            return sweeps.incrementAndGet();
        }
    }
}
