package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the queue ports must do: the semantics of graphile-worker's SQL
 * functions and worker statements (see {@code docs/compatibility.md}, "SQL functions" and "Worker
 * behaviour"). An adapter's test extends this
 * class and says how to make fresh, empty ports; the in-memory queue and the PostgreSQL adapter both
 * pass it, so a task tested in memory behaves the same on PostgreSQL.
 *
 * <p>The implementation's clock may be a database's: an instant it sets during a call must lie between
 * this JVM's clock read just before and just after the call, give or take {@link #CLOCK_TOLERANCE} (the
 * two clocks may differ; how long the call took on a busy machine does not matter). Instants the tests
 * pass in are whole milliseconds, which a {@code timestamptz} stores exactly.
 */
public abstract class JobQueueContract {

    /** How far the implementation's {@code now()} may be from this JVM's clock. */
    protected static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK = "contract_task";
    private static final String WORKER = "worker-contract-a";
    private static final String OTHER_WORKER = "worker-contract-b";
    /** Generous: a signal normally comes in milliseconds, but a loaded machine may be slow to deliver it. */
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(60);

    private JobStore store;
    private JobAdmin admin;
    private JobArrivals arrivals;
    private JobLookup lookup;

    /**
     * @return fresh ports over an empty queue, for one test; called before each test
     */
    protected abstract Ports createPorts();

    /** The ports under test; usually one object, or several views of one database. */
    public record Ports(JobStore store, JobAdmin admin, JobArrivals arrivals, JobLookup lookup) {
    }

    /** Reads the queue's contents, which the ports themselves never return whole. */
    public interface JobLookup {

        /** @return every job in the queue, ordered by id, including locked and failed ones */
        List<Job> allJobs();

        /** @return the name of every named queue stored (used by a job once, not yet cleaned up), in any order */
        List<String> queueNames();

        /** @return every task identifier stored (used by a job once, not yet cleaned up), in any order */
        List<String> taskIdentifiers();
    }

    @BeforeEach
    final void createFreshPorts() {
        Ports ports = createPorts();
        store = ports.store();
        admin = ports.admin();
        arrivals = ports.arrivals();
        lookup = ports.lookup();
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

    /** A payload type for {@link #payloadMayBeAMapOrAnyObjectJacksonCanWrite()}. */
    public record Greeting(String name, int times) {
    }

    // --- claiming ------------------------------------------------------------------------------

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

    // --- settling ------------------------------------------------------------------------------

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

    // --- job keys ------------------------------------------------------------------------------

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

    // --- arrivals ------------------------------------------------------------------------------

    @Test
    void subscriberHearsOfAnAddedJob() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        JobArrivals.Subscription subscription = arrivals.subscribe(listener(arrived));
        try {
            admin.addJob(TASK, null, AddJobOptions.defaults());

            assertThat(arrived.await(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("jobsArrived() within %s", SIGNAL_TIMEOUT).isTrue();
        } finally {
            subscription.close();
        }
    }

    @Test
    void subscriberHearsOfJobsAddedTogether() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        JobArrivals.Subscription subscription = arrivals.subscribe(listener(arrived));
        try {
            admin.addJobs(List.of(JobSpec.of(TASK, null), JobSpec.of(TASK, null)), false);

            assertThat(arrived.await(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("jobsArrived() within %s", SIGNAL_TIMEOUT).isTrue();
        } finally {
            subscription.close();
        }
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

    @Test
    void rescheduleToMaxAttemptsBelowOneIsRejected() {
        long job = add("{}", options -> options.withMaxAttempts(3));

        assertThatThrownBy(() -> admin.rescheduleJobs(List.of(job), new RescheduleOptions(null, null, null, 0)))
                .isInstanceOf(WorkerException.class);
        assertThat(stored(job).maxAttempts()).isEqualTo(3);
    }

    // --- helpers -------------------------------------------------------------------------------

    private long add(String payload, UnaryOperator<AddJobOptions> options) {
        return admin.addJob(TASK, json(payload), options.apply(AddJobOptions.defaults())).id();
    }

    private List<JobRow> claim(String workerId, int limit, String... tasks) {
        return store.claimJobs(workerId, Set.of(tasks), Set.of(), limit);
    }

    /** Claims one job, so that order is checked one claim at a time, whatever order a batch comes back in. */
    private JobRow claimOne(String task) {
        List<JobRow> claimed = claim(WORKER, 1, task);
        assertThat(claimed).as("claimed jobs").hasSize(1);
        return claimed.get(0);
    }

    private Job stored(long id) {
        return lookup.allJobs().stream().filter(job -> job.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("job " + id + " is not in the queue"));
    }

    private void assertRejected(Runnable badCall) {
        assertThatThrownBy(badCall::run).isInstanceOf(WorkerException.class)
                .satisfies(rejection -> assertThat(rejection.getMessage()).as("message").isNotBlank());
        assertThat(lookup.allJobs()).isEmpty();
    }

    private static JobArrivals.Listener listener(CountDownLatch arrived) {
        return new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                arrived.countDown();
            }

            @Override
            public void schemaIncompatible(String reason) {
            }
        };
    }

    /**
     * Asserts that the implementation's {@code now()} during a call, as it shows in an instant it set,
     * lay between this JVM's clock read before and after the call.
     */
    private static void assertSetDuringTheCall(Instant actual, Instant before, Instant after) {
        assertThat(actual).isBetween(before.minus(CLOCK_TOLERANCE), after.plus(CLOCK_TOLERANCE));
    }

    /** A run-at in whole milliseconds, relative to now. */
    private static Instant at(Duration fromNow) {
        return Instant.now().plus(fromNow).truncatedTo(ChronoUnit.MILLIS);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    /** Reads a payload back the way {@link #json(String)} does, so number node types compare equal. */
    private static JsonNode normalised(JsonNode payload) {
        return json(payload.toString());
    }
}
