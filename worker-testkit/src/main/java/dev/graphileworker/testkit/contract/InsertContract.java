package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Adding jobs: {@code add_job}'s defaults and options, payloads kept exactly, {@code add_jobs}, and
 * bad input refused without adding anything (see {@code docs/compatibility.md}, "SQL functions" for
 * {@code add_job} and {@code add_jobs}, and "Tables" for the columns' defaults and limits). Job keys
 * have {@link JobKeyContract} of their own.
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class InsertContract extends JobQueueContract {

    /** For an adapter's test, which says how to make the ports. */
    protected InsertContract() {
    }

    // --- add_job -------------------------------------------------------------------------------

    @Test
    void addJobFillsInTheSqlDefaults() {
        Instant before = Instant.now();
        Job job = admin.addJob(TASK, null, AddJobOptions.defaults());
        Instant after = Instant.now();

        assertThat(job.id()).isPositive();
        assertThat(job.taskIdentifier()).isEqualTo(TASK);
        assertThat(job.payload()).isEqualTo(json("{}"));
        assertThat(job.queueName()).isEmpty();
        assertSetDuringTheCall(job.runAt(), before, after);
        assertThat(job.maxAttempts()).isEqualTo(25);
        assertThat(job.priority()).isZero();
        assertThat(job.attempts()).isZero();
        assertThat(job.key()).isEmpty();
        assertThat(job.revision()).isZero();
        assertThat(job.flags()).isEmpty();
        assertThat(job.lastError()).isEmpty();
        assertThat(job.lockedAt()).isEmpty();
        assertThat(job.lockedBy()).isEmpty();
        assertSetDuringTheCall(job.createdAt(), before, after);
        assertThat(lookup.allJobs()).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void addJobStoresTheGivenOptions() {
        Instant runAt = at(Duration.ofMinutes(-3));
        Job job = admin.addJob(TASK, Map.of("n", 1), AddJobOptions.defaults().withQueueName("q").withRunAt(runAt)
                .withMaxAttempts(3).withJobKey("k").withPriority(-7).withFlags(Set.of("a", "b")));

        Job stored = stored(job.id());
        assertThat(stored.queueName()).contains("q");
        assertThat(stored.runAt()).isEqualTo(runAt);
        assertThat(stored.maxAttempts()).isEqualTo(3);
        assertThat(stored.key()).contains("k");
        assertThat(stored.priority()).isEqualTo(-7);
        assertThat(stored.flags()).containsExactlyInAnyOrder("a", "b");
        assertThat(stored.payload()).isEqualTo(json("{\"n\":1}"));
    }

    @Test
    void payloadIsStoredExactly() {
        JsonNode payload = json("""
                {"text":"héllo ✓ 日本語 😀 \\"quoted\\" \\\\ \\n tab\\t","empty":"","nested":{"list":[1,-2,
                 3000000000,true,false,null,{"deep":["x"]}],"object":{}},"zero":0,"fraction":2.5}""");
        Job job = admin.addJob(TASK, payload, AddJobOptions.defaults());

        assertThat(normalised(job.payload())).isEqualTo(payload);
        assertThat(normalised(stored(job.id()).payload())).isEqualTo(payload);
        assertThat(normalised(claimOne(TASK).payload())).isEqualTo(payload);
    }

    @Test
    void payloadMayBeAMapOrAnyObjectJacksonCanWrite() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "Ada");
        map.put("tags", List.of("x", "y"));
        Job fromMap = admin.addJob(TASK, map, AddJobOptions.defaults());
        Job fromRecord = admin.addJob(TASK, new Greeting("Ada", 3), AddJobOptions.defaults());

        assertThat(normalised(stored(fromMap.id()).payload())).isEqualTo(json("{\"name\":\"Ada\",\"tags\":[\"x\",\"y\"]}"));
        assertThat(normalised(stored(fromRecord.id()).payload())).isEqualTo(json("{\"name\":\"Ada\",\"times\":3}"));
    }

    // --- add_jobs ------------------------------------------------------------------------------

    @Test
    void addJobsAddsEveryJob() {
        List<Job> added = admin.addJobs(List.of(
                JobSpec.of(TASK, json("{\"n\":1}")),
                new JobSpec("contract_other_task", null, AddJobOptions.defaults().withJobKey("k").withPriority(2)),
                new JobSpec(TASK, null, AddJobOptions.defaults().withQueueName("q").withMaxAttempts(4))), false);

        assertThat(added).hasSize(3);
        List<Job> all = lookup.allJobs();
        assertThat(all).extracting(Job::taskIdentifier)
                .containsExactlyInAnyOrder(TASK, "contract_other_task", TASK);
        Job keyed = all.stream().filter(job -> job.key().isPresent()).findFirst().orElseThrow();
        assertThat(keyed.key()).contains("k");
        assertThat(keyed.priority()).isEqualTo(2);
        assertThat(keyed.payload()).isEqualTo(json("{}"));
        Job queued = all.stream().filter(job -> job.queueName().isPresent()).findFirst().orElseThrow();
        assertThat(queued.maxAttempts()).isEqualTo(4);
    }

    @Test
    void addJobsKeepsEveryOptionOfEachSpecAndReturnsTheJobsInOrder() {
        Instant runAt = Instant.parse("2031-02-03T04:05:06.123456Z");
        List<Job> added = admin.addJobs(List.of(
                new JobSpec(TASK, json("{\"n\":[1,\"two\",null],\"s\":\"\\u00e9\\\"\"}"), AddJobOptions.defaults()
                        .withQueueName("q").withRunAt(runAt).withMaxAttempts(7).withJobKey("every").withPriority(-3)
                        .withFlags(Set.of("a", "b"))),
                JobSpec.of("contract_other_task", null)), false);

        assertThat(added).extracting(Job::taskIdentifier).containsExactly(TASK, "contract_other_task");
        Job every = added.get(0);
        assertThat(every.payload()).isEqualTo(json("{\"n\":[1,\"two\",null],\"s\":\"\u00e9\\\"\"}"));
        assertThat(every.queueName()).contains("q");
        assertThat(every.runAt()).isEqualTo(runAt);
        assertThat(every.maxAttempts()).isEqualTo(7);
        assertThat(every.key()).contains("every");
        assertThat(every.priority()).isEqualTo(-3);
        assertThat(every.flags()).containsExactlyInAnyOrder("a", "b");
        Job plain = added.get(1);
        assertThat(plain.payload()).isEqualTo(json("{}"));
        assertThat(plain.queueName()).isEmpty();
        assertThat(plain.key()).isEmpty();
        assertThat(plain.priority()).isZero();
        assertThat(plain.maxAttempts()).isEqualTo(25);
        assertThat(plain.flags()).isEmpty();
        assertThat(lookup.allJobs()).hasSize(2);
    }

    @Test
    void addJobsReplacesKeyedJobsAndMayPreserveTheirRunAt() {
        Instant original = at(Duration.ofHours(1));
        Instant newer = at(Duration.ofHours(2));
        Instant newest = at(Duration.ofHours(3));
        Job job = admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k").withRunAt(original));

        admin.addJobs(List.of(new JobSpec(TASK, json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withRunAt(newer))), true);
        assertThat(stored(job.id()).runAt()).isEqualTo(original);
        assertThat(stored(job.id()).payload()).isEqualTo(json("{\"v\":2}"));
        assertThat(stored(job.id()).revision()).isEqualTo(1);

        admin.addJobs(List.of(new JobSpec(TASK, null, AddJobOptions.defaults().withJobKey("k")
                .withRunAt(newest))), false);
        assertThat(stored(job.id()).runAt()).isEqualTo(newest);
        assertThat(stored(job.id()).revision()).isEqualTo(2);
        assertThat(lookup.allJobs()).hasSize(1);
    }

    @Test
    void addJobsReplacesEvenWhenASpecAsksForUnsafeDedupe() {
        Job job = admin.addJob(TASK, json("{\"v\":1}"), AddJobOptions.defaults().withJobKey("k"));

        admin.addJobs(List.of(new JobSpec(TASK, json("{\"v\":2}"), AddJobOptions.defaults().withJobKey("k")
                .withJobKeyMode(JobKeyMode.UNSAFE_DEDUPE))), false);

        assertThat(stored(job.id()).payload()).isEqualTo(json("{\"v\":2}"));
    }

    @Test
    void addJobsRejectsTheSameKeyTwiceAndAddsNothing() {
        List<JobSpec> specs = List.of(
                JobSpec.of(TASK, null),
                new JobSpec(TASK, null, AddJobOptions.defaults().withJobKey("twice")),
                new JobSpec(TASK, null, AddJobOptions.defaults().withJobKey("twice")));

        assertThatThrownBy(() -> admin.addJobs(specs, false)).isInstanceOf(WorkerException.class);
        assertThat(lookup.allJobs()).isEmpty();
    }

    // --- bad input -----------------------------------------------------------------------------

    @Test
    void maxAttemptsBelowOneIsRejected() {
        assertRejected(() -> admin.addJob(TASK, null, AddJobOptions.defaults().withMaxAttempts(0)));
    }

    @Test
    void emptyJobKeyIsRejected() {
        assertRejected(() -> admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("")));
    }

    @Test
    void jobKeyLongerThan512CharactersIsRejected() {
        assertRejected(() -> admin.addJob(TASK, null, AddJobOptions.defaults().withJobKey("k".repeat(513))));
    }

    @Test
    void taskIdentifierLongerThan128CharactersIsRejected() {
        assertRejected(() -> admin.addJob("t".repeat(129), null, AddJobOptions.defaults()));
    }

    @Test
    void queueNameLongerThan128CharactersIsRejected() {
        assertRejected(() -> admin.addJob(TASK, null, AddJobOptions.defaults().withQueueName("q".repeat(129))));
    }

    @Test
    void priorityOutsideSmallintIsRejected() {
        assertRejected(() -> admin.addJob(TASK, null, AddJobOptions.defaults().withPriority(40_000)));
    }

    @Test
    void addJobsWithOneBadSpecAddsNothing() {
        assertRejected(() -> admin.addJobs(List.of(JobSpec.of(TASK, null),
                new JobSpec(TASK, null, AddJobOptions.defaults().withMaxAttempts(0))), false));
    }

    @Test
    void limitsAreCountedInCharactersNotUtf16Units() {
        String key = "😀".repeat(512);
        String identifier = "é".repeat(100) + "😀".repeat(28);

        Job job = admin.addJob(identifier, null, AddJobOptions.defaults().withJobKey(key).withQueueName("q".repeat(128)));

        assertThat(stored(job.id()).key()).contains(key);
        assertThat(stored(job.id()).taskIdentifier()).isEqualTo(identifier);
    }

    /**
     * A payload type for {@link #payloadMayBeAMapOrAnyObjectJacksonCanWrite()}.
     *
     * @param name who to greet
     * @param times how often
     */
    public record Greeting(String name, int times) {
    }
}
