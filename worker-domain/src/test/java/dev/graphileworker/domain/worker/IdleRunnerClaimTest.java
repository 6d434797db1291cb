package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.JobRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker that runs until stopped lets an idle runner claim its own job when jobs arrive, so that the
 * job reaches a runner without a fetcher woken in between; the fetcher claims while no runner waits. A
 * run that ends once done claims through the fetcher alone, which decides when it ends.
 */
@Timeout(30)
class IdleRunnerClaimTest {

    private static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final long PATIENCE_SECONDS = 10;
    /** Long enough that no poll of the fetcher's happens while a test watches. */
    private static final Duration POLL_INTERVAL = Duration.ofMinutes(5);
    private static final Duration CLAIM_TIME = Duration.ofMillis(2);

    @Test
    void anArrivalWakesTheWaitingRunnerToClaimAndNotTheFetcher() throws Exception {
        LoopState state = new LoopState(1, Batching.off(), CLOCK);
        // At start jobs may be waiting: the idle runner claims at once, and finds none.
        LoopState.Turn first = state.awaitTurn();
        assertThat(first.job()).isNull();
        assertThat(first.claimLimit()).isEqualTo(1);
        state.accept(List.of(), first.claimLimit(), CLAIM_TIME);
        // The fetcher first, in its timed wait for the poll interval; then the runner, in its untimed wait
        // for work: only then does the arrival come (before it, the fetcher would claim, rightly).
        CompletableFuture<Integer> fetcher = new CompletableFuture<>();
        awaitState(start(() -> fetcher.complete(state.awaitClaim(POLL_INTERVAL))), Thread.State.TIMED_WAITING);
        CompletableFuture<LoopState.Turn> runner = new CompletableFuture<>();
        awaitState(start(() -> runner.complete(state.awaitTurn())), Thread.State.WAITING);

        state.jobsArrived();

        LoopState.Turn claim = runner.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(claim.job()).isNull();
        assertThat(claim.claimLimit()).isEqualTo(1);
        state.accept(List.of(job(1)), claim.claimLimit(), CLAIM_TIME);
        assertThat(state.awaitTurn().job().id()).isEqualTo(1);
        // The fetcher returns once: -1 (stopping) shows it never claimed.
        state.requestStop(null);
        assertThat(fetcher.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void withNoRunnerWaitingTheFetcherClaimsForTheIdleOnes() throws Exception {
        LoopState state = new LoopState(2, Batching.off(), CLOCK);
        LoopState.Turn first = state.awaitTurn();
        state.accept(List.of(job(1)), first.claimLimit(), CLAIM_TIME);
        assertThat(state.awaitTurn().job().id()).isEqualTo(1);

        state.jobsArrived();

        assertThat(CompletableFuture.supplyAsync(() -> state.awaitClaim(POLL_INTERVAL))
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aRunThatEndsOnceDoneClaimsThroughTheFetcherOnly() throws Exception {
        LoopState state = new LoopState(1, Batching.off(), CLOCK);
        state.endWhenDone();
        CompletableFuture<LoopState.Turn> runner = CompletableFuture.supplyAsync(state::awaitTurn);

        assertThat(CompletableFuture.supplyAsync(() -> state.awaitClaim(POLL_INTERVAL))
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        state.accept(List.of(job(7)), 1, CLAIM_TIME);

        assertThat(runner.get(PATIENCE_SECONDS, TimeUnit.SECONDS).job().id()).isEqualTo(7);
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Polls, with a deadline, until the thread is in the given state (waiting on one of the loop's conditions). */
    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("%s reaches %s before the deadline", thread, state).isLessThan(deadline);
            assertThat(thread.isAlive()).as("%s is still waiting", thread).isTrue();
            Thread.sleep(1);
        }
    }

    private static JobRow job(long id) {
        return ClaimedJobs.job(id, 0, T0);
    }
}
