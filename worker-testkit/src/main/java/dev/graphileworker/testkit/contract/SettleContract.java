package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.Job;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Settling claimed jobs: completing, failing (error, back-off from now, a batch job's remaining
 * payload, the last attempt) and giving back, each only by the worker that holds the job (see
 * {@code docs/compatibility.md}, "Worker behaviour", "Completing, failing and giving back").
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class SettleContract extends JobQueueContract {

    /** For an adapter's test, which says how to make the ports. */
    protected SettleContract() {
    }

    @Test
    void completeJobsDeletesThem() {
        long done = add("{}", options -> options);
        long kept = add("{}", options -> options);
        claim(WORKER, 10, TASK);

        store.completeJobs(WORKER, List.of(done));

        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(kept);
    }

    @Test
    void failJobsRecordsTheErrorUnlocksAndPostponesFromNow() {
        long job = add("{}", options -> options.withQueueName("serial").withRunAt(at(Duration.ofHours(-1))));
        long next = add("{}", options -> options.withQueueName("serial").withRunAt(at(Duration.ofMinutes(-30))));
        claimOne(TASK);
        Instant before = Instant.now();

        store.failJobs(WORKER, List.of(new JobFailure(job, "boom: bad input", Duration.ofSeconds(90))));
        Instant after = Instant.now();

        Job failed = stored(job);
        assertThat(failed.lastError()).contains("boom: bad input");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lockedAt()).isEmpty();
        assertThat(failed.lockedBy()).isEmpty();
        assertSetDuringTheCall(failed.runAt().minusSeconds(90), before, after);
        assertThat(failed.isPermanentlyFailed()).isFalse();
        assertThat(claim(OTHER_WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(next);
    }

    @Test
    void failJobsRecordsEachJobsOwnErrorAndDelayInOneCall() {
        long quick = add("{}", options -> options);
        long slow = add("{}", options -> options);
        long third = add("{}", options -> options);
        claim(WORKER, 10, TASK);
        Instant before = Instant.now();

        store.failJobs(WORKER, List.of(new JobFailure(quick, "quick: timed out", Duration.ofSeconds(3)),
                new JobFailure(slow, "slow: \u00fcberlastet", Duration.ofMinutes(20)),
                new JobFailure(third, "third", Duration.ofMillis(1500))));
        Instant after = Instant.now();

        assertThat(stored(quick).lastError()).contains("quick: timed out");
        assertSetDuringTheCall(stored(quick).runAt().minusSeconds(3), before, after);
        assertThat(stored(slow).lastError()).contains("slow: \u00fcberlastet");
        assertSetDuringTheCall(stored(slow).runAt().minus(Duration.ofMinutes(20)), before, after);
        assertThat(stored(third).lastError()).contains("third");
        assertThat(Duration.between(stored(quick).runAt(), stored(third).runAt())).isEqualTo(Duration.ofMillis(-1500));
        assertThat(lookup.allJobs()).allSatisfy(job -> assertThat(job.lockedBy()).isEmpty());
    }

    @Test
    void failJobsReplacesOnlyThePayloadsItCarriesForEachJob() {
        long batch = add("[1,{\"a\":2},3]", options -> options);
        long plain = add("[4,5]", options -> options);
        claim(WORKER, 10, TASK);

        store.failJobs(WORKER, List.of(
                new JobFailure(batch, "Batch failures:\nno 2", Duration.ZERO, Optional.of(json("[{\"a\":2}]"))),
                new JobFailure(plain, "whole job failed", Duration.ZERO)));

        assertThat(normalised(stored(batch).payload())).isEqualTo(json("[{\"a\":2}]"));
        assertThat(stored(batch).lastError()).contains("Batch failures:\nno 2");
        assertThat(normalised(stored(plain).payload())).isEqualTo(json("[4,5]"));
        assertThat(claim(WORKER, 10, TASK)).filteredOn(job -> job.id() == batch)
                .singleElement().satisfies(job -> assertThat(normalised(job.payload())).isEqualTo(json("[{\"a\":2}]")));
    }

    @Test
    void failedJobRunsAgainOnceItsDelayIsOver() {
        long job = add("{}", options -> options);
        claimOne(TASK);

        store.failJobs(WORKER, List.of(new JobFailure(job, "try again", Duration.ZERO)));

        JobRow again = claimOne(TASK);
        assertThat(again.id()).isEqualTo(job);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lastError()).contains("try again");
    }

    @Test
    void jobWithOneAttemptIsNotClaimedAfterItFails() {
        long job = add("{}", options -> options.withMaxAttempts(1));
        claimOne(TASK);

        store.failJobs(WORKER, List.of(new JobFailure(job, "fatal", Duration.ZERO)));

        assertThat(claim(WORKER, 10, TASK)).isEmpty();
        Job failed = stored(job);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.isPermanentlyFailed()).isTrue();
        assertThat(failed.lastError()).contains("fatal");
    }

    @Test
    void releaseJobsUndoesTheClaim() {
        long job = add("{}", options -> options.withQueueName("serial"));
        claimOne(TASK);

        store.releaseJobs(WORKER, List.of(job));

        Job released = stored(job);
        assertThat(released.attempts()).isZero();
        assertThat(released.lockedBy()).isEmpty();
        assertThat(released.lockedAt()).isEmpty();
        assertThat(released.lastError()).isEmpty();
        assertThat(claim(OTHER_WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(job);
    }

    @Test
    void anotherWorkerCannotFailOrReleaseAJobItDoesNotHold() {
        long job = add("{}", options -> options);
        claimOne(TASK);

        store.failJobs(OTHER_WORKER, List.of(new JobFailure(job, "not mine", Duration.ZERO)));
        store.releaseJobs(OTHER_WORKER, List.of(job));

        Job untouched = stored(job);
        assertThat(untouched.lockedBy()).contains(WORKER);
        assertThat(untouched.attempts()).isEqualTo(1);
        assertThat(untouched.lastError()).isEmpty();
    }
}
