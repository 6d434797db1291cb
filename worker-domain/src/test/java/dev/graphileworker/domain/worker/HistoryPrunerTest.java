package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.domain.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pruning goes on in full batches with a pause between them, and stops at a short one or the round's limit. */
class HistoryPrunerTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final Sleeper recordingSleeper = new Sleeper() {
        @Override
        public void sleep(Duration duration) {
            pauses.add(duration);
        }

        @Override
        public void wakeUp() {
        }
    };

    private final ScheduledExecutorService unusedScheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTheScheduler() {
        unusedScheduler.shutdownNow();
    }

    @Test
    void fullBatchesAreFollowedByAnotherAfterAPauseUntilOneIsShort() throws Exception {
        int[] due = {2 * HistoryPruner.BATCH_SIZE + 17};
        List<Integer> limits = new ArrayList<>();
        HistoryPruner pruner = pruner(limit -> {
            limits.add(limit);
            int deleted = Math.min(limit, due[0]);
            due[0] -= deleted;
            return deleted;
        });

        assertThat(pruner.pruneRound()).isEqualTo(2 * HistoryPruner.BATCH_SIZE + 17);

        assertThat(limits).containsExactly(HistoryPruner.BATCH_SIZE, HistoryPruner.BATCH_SIZE, HistoryPruner.BATCH_SIZE);
        assertThat(pauses).containsExactly(HistoryPruner.PAUSE, HistoryPruner.PAUSE);
    }

    @Test
    void nothingDueIsOneStatementWithoutAPause() throws Exception {
        List<Integer> limits = new ArrayList<>();
        HistoryPruner pruner = pruner(limit -> {
            limits.add(limit);
            return 0;
        });

        assertThat(pruner.pruneRound()).isZero();

        assertThat(limits).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRoundStopsAtItsLimitAndLeavesTheRestForTheNext() throws Exception {
        int[] statements = {0};
        HistoryPruner pruner = pruner(limit -> {
            statements[0]++;
            return limit;
        });

        assertThat(pruner.pruneRound()).isEqualTo(HistoryPruner.MAX_BATCHES_PER_ROUND * HistoryPruner.BATCH_SIZE);

        assertThat(statements[0]).isEqualTo(HistoryPruner.MAX_BATCHES_PER_ROUND);
        assertThat(pauses).hasSize(HistoryPruner.MAX_BATCHES_PER_ROUND - 1);
    }

    @Test
    void aFailedRoundIsLoggedAndTheNextOneScheduled() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            HistoryPruner pruner = new HistoryPruner(limit -> {
                throw new IllegalStateException("database unreachable");
            }, scheduler, recordingSleeper);

            pruner.run();

            assertThat(scheduler.getQueue()).hasSize(1);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private HistoryPruner pruner(JobHistory history) {
        // Rounds run by hand here: nothing is ever scheduled on this executor.
        return new HistoryPruner(history, unusedScheduler, recordingSleeper);
    }
}
