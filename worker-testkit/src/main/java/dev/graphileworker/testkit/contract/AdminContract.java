package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operators' functions ({@code remove_job}, {@code complete_jobs}, {@code permanently_fail_jobs},
 * {@code reschedule_jobs}, {@code force_unlock_workers}; see {@code docs/compatibility.md}, "SQL
 * functions"), cleanup with graphile-worker's three tasks ({@code docs/library.md}), and the queue's
 * depth by state.
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class AdminContract extends JobQueueContract {

    /** For an adapter's test, which says how to make the ports. */
    protected AdminContract() {
    }

    // --- operators' functions ------------------------------------------------------------------

    @Test
    void removeJobDeletesAPendingJob() {
        Job job = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k"));

        assertThat(admin.removeJob("k")).hasValueSatisfying(removed -> assertThat(removed.id()).isEqualTo(job.id()));
        assertThat(lookup.allJobs()).isEmpty();
        assertThat(admin.removeJob("k")).isEmpty();
    }

    @Test
    void removeJobDefusesARunningJob() {
        Job job = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k"));
        claimOne(TASK);

        assertThat(admin.removeJob("k")).isPresent();

        Job defused = stored(job.id());
        assertThat(defused.key()).isEmpty();
        assertThat(defused.attempts()).isEqualTo(defused.maxAttempts());
        assertThat(defused.lockedBy()).contains(WORKER);
        store.failJobs(WORKER, List.of(new JobFailure(job.id(), "failed", Duration.ZERO)));
        assertThat(claim(WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void removeJobOfAnUnknownKeyFindsNothing() {
        admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k"));

        assertThat(admin.removeJob("unknown")).isEmpty();
        assertThat(lookup.allJobs()).hasSize(1);
    }

    @Test
    void completeJobsOfTheOperatorSkipsLockedJobs() {
        long running = add("{}", options -> options);
        claimOne(TASK);
        long pending = add("{}", options -> options);

        List<Job> completed = admin.completeJobs(List.of(running, pending));

        assertThat(completed).extracting(Job::id).containsExactly(pending);
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(running);
    }

    @Test
    void permanentlyFailJobsUsesUpTheAttemptsOfUnlockedJobs() {
        long running = add("{}", options -> options);
        claimOne(TASK);
        long pending = add("{}", options -> options);
        long other = add("{}", options -> options);

        assertThat(admin.permanentlyFailJobs(List.of(running, pending), null)).extracting(Job::id)
                .containsExactly(pending);
        assertThat(admin.permanentlyFailJobs(List.of(other), "Obsolete")).extracting(Job::id).containsExactly(other);

        assertThat(stored(pending).lastError()).contains("Manually marked as failed");
        assertThat(stored(pending).isPermanentlyFailed()).isTrue();
        assertThat(stored(other).lastError()).contains("Obsolete");
        assertThat(stored(running).lastError()).isEmpty();
        assertThat(stored(running).attempts()).isEqualTo(1);
        assertThat(claim(WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void rescheduleJobsChangesTheGivenFieldsOfUnlockedJobs() {
        long running = add("{}", options -> options);
        claimOne(TASK);
        Instant originalRunAt = at(Duration.ofMinutes(-5));
        long pending = add("{}", options -> options.withRunAt(originalRunAt).withPriority(4).withMaxAttempts(9));
        Instant newRunAt = at(Duration.ofDays(1));

        List<Job> changed = admin.rescheduleJobs(List.of(running, pending),
                new RescheduleOptions(newRunAt, null, 3, null));

        assertThat(changed).extracting(Job::id).containsExactly(pending);
        Job rescheduled = stored(pending);
        assertThat(rescheduled.runAt()).isEqualTo(newRunAt);
        assertThat(rescheduled.attempts()).isEqualTo(3);
        assertThat(rescheduled.priority()).isEqualTo(4);
        assertThat(rescheduled.maxAttempts()).isEqualTo(9);
        Job untouched = stored(running);
        assertThat(untouched.attempts()).isEqualTo(1);

        admin.rescheduleJobs(List.of(pending), new RescheduleOptions(null, -2, null, 12));
        assertThat(stored(pending).runAt()).isEqualTo(newRunAt);
        assertThat(stored(pending).priority()).isEqualTo(-2);
        assertThat(stored(pending).maxAttempts()).isEqualTo(12);
    }

    @Test
    void forceUnlockWorkersFreesTheirJobsAndQueues() {
        long queued = add("{}", options -> options.withQueueName("serial"));
        long nextInQueue = add("{}", options -> options.withQueueName("serial"));
        long loose = add("{}", options -> options);
        claim(WORKER, 10, TASK);
        long othersJob = add("{}", options -> options);
        assertThat(claim(OTHER_WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(othersJob);

        admin.forceUnlockWorkers(List.of(WORKER, "worker-unknown"));

        assertThat(stored(queued).lockedBy()).isEmpty();
        assertThat(stored(queued).lockedAt()).isEmpty();
        assertThat(stored(queued).attempts()).isEqualTo(1);
        assertThat(stored(loose).lockedBy()).isEmpty();
        assertThat(stored(othersJob).lockedBy()).contains(OTHER_WORKER);
        List<JobRow> reclaimed = claim(OTHER_WORKER, 10, TASK);
        assertThat(reclaimed).extracting(JobRow::id).containsExactlyInAnyOrder(queued, loose);
        assertThat(reclaimed).extracting(JobRow::attempts).containsOnly(2);
        assertThat(stored(nextInQueue).lockedBy()).isEmpty();
    }

    // --- bad input -----------------------------------------------------------------------------

    @Test
    void rescheduleToMaxAttemptsBelowOneIsRejected() {
        long job = add("{}", options -> options.withMaxAttempts(3));

        assertThatThrownBy(() -> admin.rescheduleJobs(List.of(job), new RescheduleOptions(null, null, null, 0)))
                .isInstanceOf(WorkerException.class);
        assertThat(stored(job).maxAttempts()).isEqualTo(3);
    }

    // --- cleanup -------------------------------------------------------------------------------

    @Test
    void deletePermafailedJobsDeletesOnlyUnlockedJobsWithoutAttemptsLeft() {
        long onLastAttempt = add("{}", options -> options.withMaxAttempts(1));
        claimOne(TASK);
        long retrying = add("{}", options -> options.withMaxAttempts(3));
        claimOne(TASK);
        store.failJobs(WORKER, List.of(new JobFailure(retrying, "will retry", Duration.ZERO)));
        long failed = add("{}", options -> options);
        admin.permanentlyFailJobs(List.of(failed), null);
        long overdrawn = add("{}", options -> options.withMaxAttempts(5));
        admin.rescheduleJobs(List.of(overdrawn), new RescheduleOptions(null, null, 4, 2));
        long pending = add("{}", options -> options);

        CleanupResult result = admin.cleanup(CleanupOptions.of(CleanupTask.DELETE_PERMAFAILED_JOBS));

        assertThat(result).isEqualTo(new CleanupResult(2, 0, 0));
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(onLastAttempt, retrying, pending);
        assertThat(stored(onLastAttempt).lockedBy()).contains(WORKER);
    }

    @Test
    void gcJobQueuesDeletesOnlyUnlockedQueuesWithoutJobs() {
        admin.completeJobs(List.of(add("{}", options -> options.withQueueName("emptied"))));
        long waiting = add("{}", options -> options.withQueueName("waiting"));
        long failed = add("{}", options -> options.withQueueName("failed"));
        admin.permanentlyFailJobs(List.of(failed), null);
        String otherTask = "contract_other_task";
        long running = admin.addJob(otherTask, null, AddJobOptions.defaults().withQueueName("running")).id();
        long finished = admin.addJob(otherTask, null, AddJobOptions.defaults().withQueueName("held")).id();
        assertThat(claim(WORKER, 10, otherTask)).extracting(JobRow::id).containsExactlyInAnyOrder(running, finished);
        // Only the worker holding a queue unlocks it: completed by another worker, the job is gone but
        // its queue stays locked, empty.
        store.completeJobs(OTHER_WORKER, List.of(finished));

        CleanupResult result = admin.cleanup(CleanupOptions.of(CleanupTask.GC_JOB_QUEUES));

        assertThat(result).isEqualTo(new CleanupResult(0, 0, 1));
        assertThat(lookup.queueNames()).containsExactlyInAnyOrder("waiting", "failed", "running", "held");
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(waiting, failed, running);
        assertThat(lookup.taskIdentifiers()).containsExactlyInAnyOrder(TASK, otherTask);
    }

    @Test
    void gcTaskIdentifiersDeletesOnlyIdentifiersThatNoJobUsesAndThatAreNotKept() {
        admin.completeJobs(List.of(admin.addJob("contract_unused", null, AddJobOptions.defaults()).id()));
        admin.completeJobs(List.of(admin.addJob("contract_kept", null, AddJobOptions.defaults()).id()));
        admin.addJob("contract_pending", null, AddJobOptions.defaults());
        admin.addJob("contract_running", null, AddJobOptions.defaults());
        claimOne("contract_running");
        long failed = admin.addJob("contract_failed", null, AddJobOptions.defaults()).id();
        admin.permanentlyFailJobs(List.of(failed), null);

        CleanupResult result = admin.cleanup(CleanupOptions.of(CleanupTask.GC_TASK_IDENTIFIERS)
                .withTaskIdentifiersToKeep(Set.of("contract_kept", "contract_never_used")));

        assertThat(result).isEqualTo(new CleanupResult(0, 1, 0));
        assertThat(lookup.taskIdentifiers()).containsExactlyInAnyOrder(
                "contract_kept", "contract_pending", "contract_running", "contract_failed");
        assertThat(lookup.allJobs()).hasSize(3);
    }

    @Test
    void allCleanupTasksTogetherAlsoDeleteWhatOnlyTheDeletedJobsUsed() {
        long failed = admin.addJob("contract_failing", null, AddJobOptions.defaults().withQueueName("failing")).id();
        admin.permanentlyFailJobs(List.of(failed), null);
        long kept = add("{}", options -> options.withQueueName("kept"));
        CleanupOptions everything = CleanupOptions.of(CleanupTask.values());

        CleanupResult result = admin.cleanup(everything);

        assertThat(result).isEqualTo(new CleanupResult(1, 1, 1));
        assertThat(result.deleted(CleanupTask.GC_JOB_QUEUES)).isEqualTo(1);
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(kept);
        assertThat(lookup.taskIdentifiers()).containsExactly(TASK);
        assertThat(lookup.queueNames()).containsExactly("kept");
        assertThat(admin.cleanup(everything)).isEqualTo(new CleanupResult(0, 0, 0));
    }

    @Test
    void taskIdentifierAndQueueDeletedByCleanupServeANewJobAgain() {
        admin.completeJobs(List.of(add("{}", options -> options.withQueueName("serial"))));
        assertThat(admin.cleanup(CleanupOptions.of(CleanupTask.GC_TASK_IDENTIFIERS, CleanupTask.GC_JOB_QUEUES)))
                .isEqualTo(new CleanupResult(0, 1, 1));

        long again = add("{}", options -> options.withQueueName("serial"));

        assertThat(lookup.taskIdentifiers()).containsExactly(TASK);
        assertThat(lookup.queueNames()).containsExactly("serial");
        assertThat(claimOne(TASK).id()).isEqualTo(again);
        assertThat(claim(OTHER_WORKER, 10, TASK)).isEmpty();
    }

    @Test
    void cleanupWithoutTasksDeletesNothing() {
        long failed = add("{}", options -> options.withQueueName("failed"));
        admin.permanentlyFailJobs(List.of(failed), null);
        admin.completeJobs(List.of(admin.addJob("contract_unused", null, AddJobOptions.defaults()
                .withQueueName("emptied")).id()));

        CleanupResult result = admin.cleanup(new CleanupOptions(Set.of(), Set.of()));

        assertThat(result).isEqualTo(new CleanupResult(0, 0, 0));
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(failed);
        assertThat(lookup.taskIdentifiers()).containsExactlyInAnyOrder(TASK, "contract_unused");
        assertThat(lookup.queueNames()).containsExactlyInAnyOrder("failed", "emptied");
    }

    // --- queue depth ---------------------------------------------------------------------------

    @Test
    void queueDepthCountsEachJobInExactlyOneState() {
        add("{}", options -> options);
        add("{}", options -> options);
        add("{}", options -> options.withRunAt(Instant.now().plus(Duration.ofHours(1))));
        add("{}", options -> options);
        claimOne(TASK);
        long failed = add("{}", options -> options);
        admin.permanentlyFailJobs(List.of(failed), null);

        assertThat(admin.queueDepth()).isEqualTo(new QueueDepth(2, 1, 1, 1));
        assertThat(admin.queueDepth().total()).isEqualTo(5);
    }
}
