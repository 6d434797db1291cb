package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Job keys: what {@code add_job} does when a job with the key exists, in each {@code job_key_mode}
 * ({@code replace}, {@code preserve_run_at}, {@code unsafe_dedupe}), including a running or failed
 * job and array payloads that accumulate (see {@code docs/compatibility.md}, "SQL functions",
 * {@code add_job}).
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class JobKeyContract extends JobQueueContract {

    /** For an adapter's test, which says how to make the ports. */
    protected JobKeyContract() {
    }

    @Test
    void replaceOverwritesAnUnlockedJobAndStartsItsRetriesOver() {
        Job original = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k")
                .withMaxAttempts(5).withQueueName("q1").withFlags(Set.of("old")));
        claimOne(TASK);
        store.failJobs(WORKER, List.of(new JobFailure(original.id(), "first try failed", Duration.ZERO)));
        Instant runAt = at(Duration.ofHours(2));

        Job replaced = admin.addJob("contract_other_task", json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withRunAt(runAt).withMaxAttempts(7).withPriority(3).withQueueName("q2").withFlags(Set.of("new")));

        assertThat(replaced.id()).isEqualTo(original.id());
        Job stored = stored(original.id());
        assertThat(stored.taskIdentifier()).isEqualTo("contract_other_task");
        assertThat(stored.payload()).isEqualTo(json("{\"v\":2}"));
        assertThat(stored.runAt()).isEqualTo(runAt);
        assertThat(stored.maxAttempts()).isEqualTo(7);
        assertThat(stored.priority()).isEqualTo(3);
        assertThat(stored.queueName()).contains("q2");
        assertThat(stored.flags()).containsExactly("new");
        assertThat(stored.attempts()).isZero();
        assertThat(stored.lastError()).isEmpty();
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.key()).contains("k");
        assertThat(lookup.allJobs()).hasSize(1);
    }

    @Test
    void replacingARunningJobAddsANewOneAndDefusesTheRunningOne() {
        Job running = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k"));
        claimOne(TASK);

        Job added = admin.addJob(TASK, json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k"));

        assertThat(added.id()).isNotEqualTo(running.id());
        assertThat(added.key()).contains("k");
        assertThat(added.revision()).isZero();
        assertThat(added.payload()).isEqualTo(json("{\"v\":2}"));
        Job defused = stored(running.id());
        assertThat(defused.key()).isEmpty();
        assertThat(defused.lockedBy()).contains(WORKER);
        assertThat(defused.attempts()).isEqualTo(defused.maxAttempts());
        assertThat(defused.payload()).isEqualTo(json("{\"v\":1}"));
        assertThat(lookup.allJobs()).hasSize(2);
    }

    @Test
    void replacingAJobWithNoAttemptsLeftAddsANewOne() {
        Job failed = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k").withMaxAttempts(1));
        claimOne(TASK);
        store.failJobs(WORKER, List.of(new JobFailure(failed.id(), "fatal", Duration.ZERO)));

        Job added = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k"));

        assertThat(added.id()).isNotEqualTo(failed.id());
        assertThat(added.key()).contains("k");
        assertThat(stored(failed.id()).key()).isEmpty();
        assertThat(stored(failed.id()).lastError()).contains("fatal");
        assertThat(claim(WORKER, 10, TASK)).extracting(JobRow::id).containsExactly(added.id());
    }

    @Test
    void preserveRunAtKeepsTheRunAtOfAJobNotYetAttempted() {
        Instant original = at(Duration.ofHours(1));
        Job job = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k").withRunAt(original));

        Job replaced = admin.addJob(TASK, json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withRunAt(at(Duration.ofHours(2))).withJobKeyMode(JobKeyMode.PRESERVE_RUN_AT));

        assertThat(replaced.id()).isEqualTo(job.id());
        assertThat(stored(job.id()).runAt()).isEqualTo(original);
        assertThat(stored(job.id()).payload()).isEqualTo(json("{\"v\":2}"));
        assertThat(stored(job.id()).revision()).isEqualTo(1);
    }

    @Test
    void preserveRunAtTakesTheNewRunAtOfAJobAlreadyAttempted() {
        Job job = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k"));
        claimOne(TASK);
        store.failJobs(WORKER, List.of(new JobFailure(job.id(), "failed", Duration.ofHours(5))));
        Instant newRunAt = at(Duration.ofMinutes(10));

        admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k").withRunAt(newRunAt)
                .withJobKeyMode(JobKeyMode.PRESERVE_RUN_AT));

        assertThat(stored(job.id()).runAt()).isEqualTo(newRunAt);
        assertThat(stored(job.id()).attempts()).isZero();
    }

    @Test
    void unsafeDedupeKeepsTheExistingJobAndOnlyBumpsItsRevision() {
        Instant runAt = at(Duration.ofMinutes(-1));
        Job job = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k").withRunAt(runAt));

        Job deduped = admin.addJob("contract_other_task", json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withPriority(9).withRunAt(at(Duration.ofHours(3))).withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE));

        assertThat(deduped.id()).isEqualTo(job.id());
        Job stored = stored(job.id());
        assertThat(stored.taskIdentifier()).isEqualTo(TASK);
        assertThat(stored.payload()).isEqualTo(json("{\"v\":1}"));
        assertThat(stored.priority()).isZero();
        assertThat(stored.runAt()).isEqualTo(runAt);
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(lookup.allJobs()).hasSize(1);
    }

    @Test
    void unsafeDedupeKeepsEvenARunningJob() {
        Job job = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k"));
        claimOne(TASK);

        Job deduped = admin.addJob(TASK, json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE));

        assertThat(deduped.id()).isEqualTo(job.id());
        Job stored = stored(job.id());
        assertThat(stored.lockedBy()).contains(WORKER);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.key()).contains("k");
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(lookup.allJobs()).hasSize(1);
    }

    @Test
    void unsafeDedupeAddsAJobWhenTheKeyIsFree() {
        Job job = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k")
                .withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE));

        assertThat(stored(job.id()).key()).contains("k");
        assertThat(stored(job.id()).revision()).isZero();
    }

    @Test
    void replacingAnArrayPayloadWithAnArrayAppendsIt() {
        Job job = admin.addJob(TASK, json("[1,{\"a\":2}]"), AddJobOptions.defaults().withJobKey("batch"));

        admin.addJob(TASK, json("[3]"), AddJobOptions.defaults().withJobKey("batch"));
        assertThat(normalised(stored(job.id()).payload())).isEqualTo(json("[1,{\"a\":2},3]"));

        admin.addJob(TASK, json("{\"not\":\"an array\"}"), AddJobOptions.defaults().withJobKey("batch"));
        assertThat(normalised(stored(job.id()).payload())).isEqualTo(json("{\"not\":\"an array\"}"));
    }
}
