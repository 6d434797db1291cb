package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Claiming: which jobs a worker may take and in what order, the limit, forbidden flags, locks, and
 * named queues that run one job at a time (see {@code docs/compatibility.md}, "Worker behaviour",
 * "Claiming").
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class ClaimContract extends JobQueueContract {

    /** For an adapter's test, which says how to make the ports. */
    protected ClaimContract() {
    }

    @Test
    void claimsByPriorityThenRunAt() {
        Instant earlier = at(Duration.ofMinutes(-20));
        Instant later = at(Duration.ofMinutes(-10));
        long lowPriority = add("{\"j\":\"low\"}", options -> options.withPriority(5).withRunAt(earlier));
        long laterRun = add("{\"j\":\"later\"}", options -> options.withRunAt(later));
        long sameRunFirst = add("{\"j\":\"same1\"}", options -> options.withRunAt(earlier));
        long sameRunSecond = add("{\"j\":\"same2\"}", options -> options.withRunAt(earlier));
        long urgent = add("{\"j\":\"urgent\"}", options -> options.withPriority(-1).withRunAt(later));

        assertThat(claimOne(TASK).id()).isEqualTo(urgent);
        // Jobs due at the same instant come in either order: graphile-worker orders by priority and
        // run_at only, which its index serves without sorting.
        assertThat(List.of(claimOne(TASK).id(), claimOne(TASK).id())).containsExactlyInAnyOrder(sameRunFirst, sameRunSecond);
        assertThat(List.of(claimOne(TASK).id(), claimOne(TASK).id())).containsExactly(laterRun, lowPriority);
        assertThat(claim(WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void claimTakesAtMostTheLimit() {
        for (int i = 0; i < 3; i++) {
            admin.addJob(TASK, null, AddJobOptions.defaults());
        }

        assertThat(claim(WORKER, 2, TASK)).hasSize(2);
        assertThat(claim(WORKER, 2, TASK)).hasSize(1);
    }

    @Test
    void jobDueInTheFutureIsNotClaimed() {
        long job = add("{}", options -> options.withRunAt(at(Duration.ofHours(1))));

        assertThat(claim(WORKER, 10, TASK)).isEmpty();
        assertThat(stored(job).attempts()).isZero();
        assertThat(stored(job).lockedBy()).isEmpty();
    }

    @Test
    void jobWithAForbiddenFlagIsSkipped() {
        long slow = add("{}", options -> options.withFlags(Set.of("slow", "big")));
        long fast = add("{}", options -> options.withFlags(Set.of("fast")));
        long plain = add("{}", options -> options);

        List<JobRow> claimed = store.claimJobs(WORKER, Set.of(TASK), Set.of("slow", "other"), 10);

        assertThat(claimed).extracting(JobRow::id).containsExactlyInAnyOrder(fast, plain);
        assertThat(stored(slow).lockedBy()).isEmpty();
        assertThat(store.claimJobs(OTHER_WORKER, Set.of(TASK), Set.of(), 10)).extracting(JobRow::id).containsExactly(slow);
    }

    @Test
    void jobOfAnUnsupportedTaskIsNotClaimed() {
        Job other = admin.addJob("contract_other_task", null, AddJobOptions.defaults());

        assertThat(claim(WORKER, 10, TASK)).isEmpty();
        assertThat(claim(WORKER, 10, TASK, "contract_other_task")).extracting(JobRow::id).containsExactly(other.id());
    }

    @Test
    void claimLocksTheJobAndCountsTheAttempt() {
        long job = add("{}", options -> options);
        Instant before = Instant.now();

        JobRow claimed = claimOne(TASK);
        Instant after = Instant.now();

        assertThat(claimed.id()).isEqualTo(job);
        assertThat(claimed.taskIdentifier()).isEqualTo(TASK);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.lockedBy()).contains(WORKER);
        assertThat(claimed.lockedAt()).hasValueSatisfying(lockedAt -> assertSetDuringTheCall(lockedAt, before, after));
        Job stored = stored(job);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lockedBy()).contains(WORKER);
    }

    @Test
    void lockedJobIsNotClaimedAgain() {
        add("{}", options -> options);
        claimOne(TASK);

        assertThat(claim(OTHER_WORKER, 10, TASK)).isEmpty();
        assertThat(claim(WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void namedQueueGivesOneJobPerClaimAndNoneWhileLocked() {
        long first = add("{}", options -> options.withQueueName("serial"));
        add("{}", options -> options.withQueueName("serial"));
        long otherQueue = add("{}", options -> options.withQueueName("other"));

        List<JobRow> claimed = claim(WORKER, 10, TASK);

        assertThat(claimed).extracting(JobRow::id).containsExactlyInAnyOrder(first, otherQueue);
        assertThat(claim(OTHER_WORKER, 10, TASK)).isEmpty();
        assertThat(claim(WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void completingAQueuedJobLetsTheNextOneRunInOrder() {
        long first = add("{}", options -> options.withQueueName("serial"));
        long second = add("{}", options -> options.withQueueName("serial"));
        long third = add("{}", options -> options.withQueueName("serial"));

        assertThat(claimOne(TASK).id()).isEqualTo(first);
        store.completeJobs(WORKER, List.of(first));
        assertThat(claim(OTHER_WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(second);
        store.completeJobs(OTHER_WORKER, List.of(second));
        assertThat(claim(WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(third);
    }

    @Test
    void batchClaimTakesTheFirstJobOfEachNamedQueueAndKeepsEachQueueLockedWhileItsJobIsHeld() {
        long firstOfA = add("{}", options -> options.withQueueName("a").withRunAt(at(Duration.ofMinutes(-3))));
        add("{}", options -> options.withQueueName("a").withRunAt(at(Duration.ofMinutes(-2))));
        long firstOfB = add("{}", options -> options.withQueueName("b").withRunAt(at(Duration.ofMinutes(-2))));
        long secondOfB = add("{}", options -> options.withQueueName("b").withRunAt(at(Duration.ofMinutes(-1))));
        long free = add("{}", options -> options.withRunAt(at(Duration.ofMinutes(-1))));

        assertThat(claim(WORKER, 100, TASK)).extracting(JobRow::id).containsExactlyInAnyOrder(firstOfA, firstOfB, free);
        // Held jobs (waiting in a local queue or running) keep their queues locked, even to their own worker.
        assertThat(claim(WORKER, 100, TASK)).isEmpty();
        assertThat(claim(OTHER_WORKER, 100, TASK)).isEmpty();

        store.completeJobs(WORKER, List.of(firstOfB));
        assertThat(claim(OTHER_WORKER, 100, TASK)).extracting(JobRow::id).containsExactly(secondOfB);
    }

    @Test
    void settlingABatchUnlocksTheQueueOfEveryJobInIt() {
        long firstOfA = add("{}", options -> options.withQueueName("a").withRunAt(at(Duration.ofMinutes(-2))));
        long secondOfA = add("{}", options -> options.withQueueName("a").withRunAt(at(Duration.ofMinutes(-1))));
        long firstOfB = add("{}", options -> options.withQueueName("b").withRunAt(at(Duration.ofMinutes(-2))));
        long secondOfB = add("{}", options -> options.withQueueName("b").withRunAt(at(Duration.ofMinutes(-1))));
        long firstOfC = add("{}", options -> options.withQueueName("c").withRunAt(at(Duration.ofMinutes(-2))));
        long firstOfD = add("{}", options -> options.withQueueName("d").withRunAt(at(Duration.ofMinutes(-2))));
        long secondOfD = add("{}", options -> options.withQueueName("d").withRunAt(at(Duration.ofMinutes(-1))));
        claim(WORKER, 100, TASK);

        store.completeJobs(WORKER, List.of(firstOfA, firstOfB));
        store.failJobs(WORKER, List.of(new JobFailure(firstOfC, "later", Duration.ofHours(1))));
        store.releaseJobs(WORKER, List.of(firstOfD));

        assertThat(claim(OTHER_WORKER, 100, TASK)).extracting(JobRow::id)
                .containsExactlyInAnyOrder(secondOfA, secondOfB, firstOfD);
        assertThat(stored(secondOfD).lockedBy()).isEmpty();
    }

    @Test
    void jobsWithoutAQueueAreClaimedTogether() {
        long a = add("{}", options -> options);
        long b = add("{}", options -> options);
        long c = add("{}", options -> options);

        assertThat(claim(WORKER, 10, TASK)).extracting(JobRow::id).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void claimTellsItsCountOnceWhenAskedTo() {
        long a = add("{}", options -> options);
        long b = add("{}", options -> options);
        add("{}", options -> options);
        List<Integer> told = new ArrayList<>();

        List<JobRow> claimed = store.claimJobs(WORKER, Set.of(TASK), Set.of(), 2, told::add);

        assertThat(claimed).extracting(JobRow::id).containsExactlyInAnyOrder(a, b);
        assertThat(told).containsExactly(2);
        told.clear();
        assertThat(store.claimJobs(WORKER, Set.of(TASK), Set.of(), 5, told::add)).hasSize(1);
        assertThat(store.claimJobs(WORKER, Set.of(TASK), Set.of(), 5, told::add)).isEmpty();
        assertThat(told).containsExactly(1, 0);
    }
}
