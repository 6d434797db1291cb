package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.LockTimeout;
import dev.graphileworker.domain.Queue;
import dev.graphileworker.domain.port.JobArrivals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot check without moving a database's clock: the four-hour lock timeout and
 * back-off measured from a given now. Also the in-memory queue's own promises (ids, snapshots, signals).
 */
class InMemoryJobQueueTest {

    private static final String TASK = "task";
    private static final Duration PAST_TIMEOUT = LockTimeout.DURATION.plusSeconds(1);

    private final MutableClock clock = MutableClock.at(Instant.parse("2024-05-01T12:00:00Z"));
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    @Test
    void idsIncreaseFromOne() {
        assertThat(add(AddJobOptions.defaults()).id()).isEqualTo(1);
        assertThat(add(AddJobOptions.defaults()).id()).isEqualTo(2);
    }

    @Test
    void timesComeFromTheGivenClock() {
        Job job = add(AddJobOptions.defaults());

        assertThat(job.runAt()).isEqualTo(clock.instant());
        assertThat(job.createdAt()).isEqualTo(clock.instant());
        assertThat(job.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void failurePostponesFromRunAtWhenThatIsLater() {
        Job job = add(AddJobOptions.defaults());
        claim("w");
        clock.advance(Duration.ofMinutes(1));

        queue.failJobs("w", List.of(new JobFailure(job.id(), "boom", Duration.ofSeconds(20))));

        assertThat(queue.job(job.id()).orElseThrow().runAt()).isEqualTo(clock.instant().plusSeconds(20));
    }

    @Test
    void jobLockedLongerThanTheTimeoutIsFreedByTheSweepAndClaimedAgain() {
        Job job = add(AddJobOptions.defaults().withQueueName("serial"));
        claim("dead-worker");
        clock.advance(LockTimeout.DURATION);
        assertThat(queue.releaseStaleLocks()).as("exactly at the timeout the lock still holds").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(claim("live-worker")).as("the claim itself takes only unlocked jobs, as the SQL").isEmpty();
        assertThat(queue.releaseStaleLocks()).isEqualTo(1);

        List<JobRow> reclaimed = claim("live-worker");
        assertThat(reclaimed).extracting(JobRow::id).containsExactly(job.id());
        assertThat(reclaimed.get(0).attempts()).isEqualTo(2);
        assertThat(queue.queues()).containsExactly(new Queue("serial", clock.instant(), "live-worker"));
    }

    @Test
    void queueLockedLongerThanTheTimeoutNoLongerHoldsItsJobs() {
        Job first = add(AddJobOptions.defaults().withQueueName("serial"));
        Job second = add(AddJobOptions.defaults().withQueueName("serial"));
        claim("dead-worker");
        queue.permanentlyFailJobs(List.of(first.id()), "gone");
        assertThat(claim("live-worker")).isEmpty();

        clock.advance(PAST_TIMEOUT);

        assertThat(queue.completeJobs(List.of(first.id()))).extracting(Job::id).containsExactly(first.id());
        assertThat(claim("live-worker")).extracting(JobRow::id).containsExactly(second.id());
    }

    @Test
    void operatorFunctionsTreatAStaleLockAsNone() {
        Job removable = add(AddJobOptions.defaults().withJobKey("k"));
        Job failable = add(AddJobOptions.defaults());
        Job reschedulable = add(AddJobOptions.defaults());
        claim("dead-worker");
        clock.advance(PAST_TIMEOUT);

        assertThat(queue.permanentlyFailJobs(List.of(failable.id()), null)).hasSize(1);
        assertThat(queue.rescheduleJobs(List.of(reschedulable.id()), new RescheduleOptions(null, 5, null, null)))
                .hasSize(1);
        assertThat(queue.removeJob("k")).isPresent();
        assertThat(queue.job(removable.id())).isEmpty();
    }

    @Test
    void replacingAStaleLockedJobStillAddsANewOne() {
        Job stale = add(AddJobOptions.defaults().withJobKey("k"));
        claim("dead-worker");
        clock.advance(PAST_TIMEOUT);

        Job added = add(AddJobOptions.defaults().withJobKey("k"));

        // add_jobs tests is_available, which counts a lock of any age.
        assertThat(added.id()).isNotEqualTo(stale.id());
        assertThat(queue.job(stale.id()).orElseThrow().key()).isEmpty();
    }

    @Test
    void replaceAndDedupeTouchUpdatedAt() {
        Job job = add(AddJobOptions.defaults().withJobKey("k"));
        clock.advance(Duration.ofSeconds(5));
        add(AddJobOptions.defaults().withJobKey("k"));
        assertThat(queue.job(job.id()).orElseThrow().updatedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(5));
        add(AddJobOptions.defaults().withJobKey("k").withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE));

        Job stored = queue.job(job.id()).orElseThrow();
        assertThat(stored.updatedAt()).isEqualTo(clock.instant());
        assertThat(stored.createdAt()).isEqualTo(clock.instant().minusSeconds(10));
        assertThat(stored.revision()).isEqualTo(2);
    }

    @Test
    void returnedJobsAreSnapshots() {
        ObjectNode payload = new ObjectMapper().createObjectNode().put("n", 1);
        Job job = queue.addJob(TASK, payload, AddJobOptions.defaults());
        payload.put("n", 2);
        ((ObjectNode) job.payload()).put("n", 3);

        assertThat(queue.job(job.id()).orElseThrow().payload().get("n").asInt()).isEqualTo(1);
    }

    @Test
    void stringPayloadIsAJsonString() {
        Job job = queue.addJob(TASK, "{\"not\":\"parsed\"}", AddJobOptions.defaults());

        assertThat(job.payload().isTextual()).isTrue();
        assertThat(job.payload().asText()).isEqualTo("{\"not\":\"parsed\"}");
    }

    @Test
    void unsafeDedupeOfAnExistingJobSignalsNothing() {
        AtomicInteger signals = new AtomicInteger();
        add(AddJobOptions.defaults().withJobKey("k"));
        JobArrivals.Subscription subscription = queue.subscribe(counting(signals));
        try {
            add(AddJobOptions.defaults().withJobKey("k").withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE));
            assertThat(signals).hasValue(0);

            add(AddJobOptions.defaults().withJobKey("k"));
            assertThat(signals).hasValue(1);
        } finally {
            subscription.close();
        }
    }

    @Test
    void closedSubscriptionHearsNothing() {
        AtomicInteger signals = new AtomicInteger();
        JobArrivals.Subscription subscription = queue.subscribe(counting(signals));
        add(AddJobOptions.defaults());
        subscription.close();

        add(AddJobOptions.defaults());

        assertThat(signals).hasValue(1);
    }

    @Test
    void failingListenerDoesNotFailTheAddOrSilenceOthers() {
        AtomicInteger signals = new AtomicInteger();
        queue.subscribe(new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void schemaIncompatible(String reason) {
            }
        });
        queue.subscribe(counting(signals));

        add(AddJobOptions.defaults());

        assertThat(queue.jobs()).hasSize(1);
        assertThat(signals).hasValue(1);
    }

    @Test
    void completingReleasesOnlyAQueueThisWorkerHolds() {
        Job first = add(AddJobOptions.defaults().withQueueName("serial"));
        add(AddJobOptions.defaults().withQueueName("serial"));
        claim("w");

        queue.completeJobs("someone-else", List.of(first.id()));

        assertThat(queue.job(first.id())).isEmpty();
        assertThat(queue.queues()).extracting(Queue::lockedBy).containsExactly("w");
    }

    @Test
    void cleanupTreatsEvenAStaleLockAsHeld() {
        Job lastAttempt = add(AddJobOptions.defaults().withMaxAttempts(1).withQueueName("serial"));
        Job completedByAnother = add(AddJobOptions.defaults().withQueueName("held"));
        assertThat(claim("w")).hasSize(2);
        queue.completeJobs("someone-else", List.of(completedByAnother.id()));
        clock.advance(PAST_TIMEOUT);

        CleanupResult result = queue.cleanup(CleanupOptions.of(CleanupTask.values()));

        assertThat(result).isEqualTo(new CleanupResult(0, 0, 0));
        assertThat(queue.job(lastAttempt.id())).isPresent();
        assertThat(queue.queues()).extracting(Queue::name).containsExactly("held", "serial");
    }

    private Job add(AddJobOptions options) {
        return queue.addJob(TASK, null, options);
    }

    private List<JobRow> claim(String workerId) {
        return queue.claimJobs(workerId, Set.of(TASK), Set.of(), 10);
    }

    private static JobArrivals.Listener counting(AtomicInteger signals) {
        return new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                signals.incrementAndGet();
            }

            @Override
            public void schemaIncompatible(String reason) {
            }
        };
    }
}
