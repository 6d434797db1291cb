package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.JobRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the next claim starts: once the local queue has run down to a quarter of what the worker claims
 * ahead, counting as gone the jobs its runners will have finished by the time that claim comes back,
 * at the run times of recent jobs and in as long as the last claim took; and not before the last
 * claim's jobs are read, unless idle runners outnumber the jobs queued and on their way.
 */
@Timeout(30)
class ClaimAheadTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final int CONCURRENCY = 4;
    private static final Duration CLAIM_TIME = Duration.ofMillis(5);
    /** Long enough that no poll passes while a test runs: a claim comes only when due. */
    private static final Duration POLL_INTERVAL = Duration.ofMinutes(5);
    /** A local queue of 100 at the worker's pace (100 ms), results in batches of 100. */
    private static final Batching BATCHING = Batching.paced(100, Duration.ofMinutes(1), 100, Duration.ofMillis(1));

    private final LoopState state = new LoopState(CONCURRENCY, BATCHING, CLOCK);
    private long nextId = 1;

    @Test
    void jobsQuickBesideAClaimHaveTheNextClaimStartAsTheLastComesBackAndAtFullSize() {
        // Runs of 0.1 ms: the 4 runners would finish 4,000 in 100 ms, so the worker claims 100 ahead,
        // and all of them in the 5 ms a claim takes.
        runFirstClaim(Duration.ofNanos(100_000));
        assertThat(claimAndAccept()).as("a whole batch, for 4 idle runners and 100 ahead").isEqualTo(100);

        assertThat(state.claimDueNow()).as("a full claim, with all 100 jobs of the last still queued").isEqualTo(100);
    }

    @Test
    void jobsSlowBesideAClaimHaveTheNextClaimWaitUntilTheQueueRunsDown() {
        // Runs of 10 ms: 40 in 100 ms, so the worker claims 40 ahead; 2 finish in the 5 ms a claim takes.
        runFirstClaim(Duration.ofMillis(10));
        int claimed = claimAndAccept();
        assertThat(claimed).isEqualTo(40);

        // Due at a quarter of 40 (10) still queued once the claim comes back: 12 now, less 2.
        for (int queued = claimed; queued > 13; queued--) {
            runOne(Duration.ofMillis(10));
        }
        assertThat(state.claimDueNow()).as("13 queued, 11 of them left once a claim comes back").isZero();
        runOne(Duration.ofMillis(10));
        assertThat(state.claimDueNow()).as("12 queued, 10 of them left once a claim comes back")
                .isEqualTo(LoopState.claimSize(CONCURRENCY + 40 - 10, 100));
    }

    @Test
    void withoutAPaceTheNextClaimWaitsUntilTheQueueRunsDown() {
        LoopState fullQueue = new LoopState(CONCURRENCY,
                new Batching(100, Duration.ofMinutes(1), null, 100, Duration.ofMillis(1)), CLOCK);
        int limit = fullQueue.awaitClaim(POLL_INTERVAL);
        assertThat(limit).as("a whole batch, for 4 idle runners and 100 ahead").isEqualTo(100);
        fullQueue.accept(jobs(limit), limit, CLAIM_TIME);

        assertThat(fullQueue.claimDueNow()).as("no pace tells how many will have finished").isZero();
    }

    @Test
    void quickJobsHaveTheNextClaimWaitUntilTheLastOnesJobsAreQueued() {
        runFirstClaim(Duration.ofNanos(100_000));
        int limit = state.awaitClaim(POLL_INTERVAL);
        assertThat(state.claimDueNow()).as("while the claim is under way").isZero();

        state.claimReturned(limit, limit, CLAIM_TIME);
        assertThat(state.claimDueNow()).as("its 100 jobs, not yet read, feed the 4 idle runners").isZero();

        assertThat(state.queueReturned(jobs(limit), limit)).isTrue();
        assertThat(state.claimDueNow()).as("its 100 jobs will be done by the next one's return").isEqualTo(100);
        assertThat(state.awaitTurn().job()).as("the jobs read are queued for the runners").isNotNull();
    }

    @Test
    void runnersThatTheClaimBeingReadWillNotFeedMayClaimBesideIt() {
        LoopState fullQueue = new LoopState(CONCURRENCY,
                new Batching(100, Duration.ofMinutes(1), null, 100, Duration.ofMillis(1)), CLOCK);
        int limit = fullQueue.awaitClaim(POLL_INTERVAL);
        fullQueue.claimReturned(limit, 1, CLAIM_TIME);
        fullQueue.jobsArrived();

        assertThat(fullQueue.claimDueNow()).as("one job coming for four idle runners")
                .isEqualTo(LoopState.claimSize(CONCURRENCY + 100 - 1, 100));
    }

    @Test
    void jobsAnnouncedButNotYetReadCountAsQueued() {
        runFirstClaim(Duration.ofMillis(10));
        int limit = state.awaitClaim(POLL_INTERVAL);
        assertThat(limit).isEqualTo(40);

        state.claimReturned(limit, limit, CLAIM_TIME);
        assertThat(state.claimDueNow()).as("40 coming, 38 of them left once a claim comes back").isZero();
        state.queueReturned(List.of(), limit);

        assertThat(state.claimDueNow()).as("their reading failed: nothing is coming").isEqualTo(
                LoopState.claimSize(CONCURRENCY + 40, 100));
    }

    /** The first claim (one job per idle runner: no pace yet), its jobs run for {@code ran} each. */
    private void runFirstClaim(Duration ran) {
        int limit = state.awaitClaim(POLL_INTERVAL);
        assertThat(limit).isEqualTo(CONCURRENCY);
        state.accept(jobs(limit), limit, CLAIM_TIME);
        for (int i = 0; i < limit; i++) {
            runOne(ran);
        }
    }

    /** @return the size of the claim that was due, made and accepted in full */
    private int claimAndAccept() {
        int limit = state.awaitClaim(POLL_INTERVAL);
        state.accept(jobs(limit), limit, CLAIM_TIME);
        return limit;
    }

    private void runOne(Duration ran) {
        LoopState.Turn turn = state.awaitTurn();
        assertThat(turn.job()).isNotNull();
        state.jobFinished(turn.job(), ran);
        state.settled(1, false);
    }

    private List<JobRow> jobs(int count) {
        return LongStream.range(0, count).mapToObj(i -> job(nextId++)).toList();
    }

    private static JobRow job(long id) {
        return ClaimedJobs.job(id, 0, T0);
    }
}
