package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every implementation of the queue ports must do: the semantics of graphile-worker's SQL
 * functions and worker statements (see {@code docs/compatibility.md}, "SQL functions" and "Worker
 * behaviour"). The in-memory queue and the PostgreSQL adapter both pass it, so a task tested in memory
 * behaves the same on PostgreSQL.
 *
 * <p>This class holds no tests: it is the base of the suite's areas, {@link InsertContract},
 * {@link JobKeyContract}, {@link ClaimContract}, {@link SettleContract}, {@link AdminContract} and
 * {@link ArrivalsContract}, with the ports they test and the helpers they share. An adapter's test
 * says once how to make fresh, empty ports and extends each area in a {@code @Nested} class:
 *
 * <pre>{@code
 * class MyJobQueueContractTest {
 *
 *     JobQueueContract.Ports ports() { ... } // fresh ports over an empty queue
 *
 *     @Nested
 *     class Insert extends InsertContract {
 *         @Override
 *         protected Ports createPorts() {
 *             return ports();
 *         }
 *     }
 *
 *     // ... and likewise for the other areas
 * }
 * }</pre>
 *
 * <p>The implementation's clock may be a database's: an instant it sets during a call must lie between
 * this JVM's clock read just before and just after the call, give or take {@link #CLOCK_TOLERANCE} (the
 * two clocks may differ; how long the call took on a busy machine does not matter). Instants the tests
 * pass in are whole milliseconds, which a {@code timestamptz} stores exactly.
 */
public abstract class JobQueueContract {

    /** How far the implementation's {@code now()} may be from this JVM's clock. */
    protected static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);
    /** The task of the jobs the tests add, unless a test names another. */
    protected static final String TASK = "contract_task";
    /** The worker that claims, unless a test says otherwise. */
    protected static final String WORKER = "worker-contract-a";
    /** A second worker, for what one worker may not do to another's jobs. */
    protected static final String OTHER_WORKER = "worker-contract-b";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The store under test, fresh for each test. */
    protected JobStore store;
    /** The operators' functions under test, over the same queue as {@link #store}. */
    protected JobAdmin admin;
    /** The arrival signals under test, over the same queue as {@link #store}. */
    protected JobArrivals arrivals;
    /** Reads the queue under test. */
    protected JobLookup lookup;

    /** For subclasses. */
    protected JobQueueContract() {
    }

    /**
     * @return fresh ports over an empty queue, for one test; called before each test
     */
    protected abstract Ports createPorts();

    /**
     * The ports under test; usually one object, or several views of one database.
     *
     * @param store claims and settles jobs
     * @param admin adds jobs and runs the operators' functions
     * @param arrivals tells of added jobs
     * @param lookup reads the queue's contents
     */
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

    // --- helpers -------------------------------------------------------------------------------

    /**
     * Adds a job of {@link #TASK}.
     *
     * @param payload the payload as JSON text
     * @param options changes to the default options
     * @return the new job's id
     */
    protected long add(String payload, UnaryOperator<AddJobOptions> options) {
        return admin.addJob(TASK, json(payload), options.apply(AddJobOptions.defaults())).id();
    }

    /**
     * Claims jobs with no forbidden flags.
     *
     * @param workerId the claiming worker
     * @param limit the most jobs to claim
     * @param tasks the tasks the worker has
     * @return the jobs claimed
     */
    protected List<JobRow> claim(String workerId, int limit, String... tasks) {
        return store.claimJobs(workerId, Set.of(tasks), Set.of(), limit);
    }

    /**
     * Claims one job as {@link #WORKER}, so that order is checked one claim at a time, whatever order a
     * batch comes back in.
     *
     * @param task the task the worker has
     * @return the job claimed; fails the test if there is none
     */
    protected JobRow claimOne(String task) {
        List<JobRow> claimed = claim(WORKER, 1, task);
        assertThat(claimed).as("claimed jobs").hasSize(1);
        return claimed.get(0);
    }

    /**
     * @param id a job's id
     * @return the job as stored now; fails the test if it is not in the queue
     */
    protected Job stored(long id) {
        return lookup.allJobs().stream().filter(job -> job.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("job " + id + " is not in the queue"));
    }

    /**
     * Asserts that the call fails with a {@link WorkerException} that says why, and leaves the queue
     * empty.
     *
     * @param badCall a call with bad input, on an empty queue
     */
    protected void assertRejected(Runnable badCall) {
        assertThatThrownBy(badCall::run).isInstanceOf(WorkerException.class)
                .satisfies(rejection -> assertThat(rejection.getMessage()).as("message").isNotBlank());
        assertThat(lookup.allJobs()).isEmpty();
    }

    /**
     * Asserts that the implementation's {@code now()} during a call, as it shows in an instant it set,
     * lay between this JVM's clock read before and after the call.
     *
     * @param actual the instant the implementation set
     * @param before this JVM's clock just before the call
     * @param after this JVM's clock just after the call
     */
    protected static void assertSetDuringTheCall(Instant actual, Instant before, Instant after) {
        assertThat(actual).isBetween(before.minus(CLOCK_TOLERANCE), after.plus(CLOCK_TOLERANCE));
    }

    /**
     * @param fromNow how far from now, negative for the past
     * @return a run-at in whole milliseconds, relative to now
     */
    protected static Instant at(Duration fromNow) {
        return Instant.now().plus(fromNow).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * @param text JSON text
     * @return the JSON tree
     */
    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    /**
     * Reads a payload back the way {@link #json(String)} does, so number node types compare equal.
     *
     * @param payload a payload as the implementation returned it
     * @return the same JSON as {@link #json(String)} would read it
     */
    protected static JsonNode normalised(JsonNode payload) {
        return json(payload.toString());
    }
}
