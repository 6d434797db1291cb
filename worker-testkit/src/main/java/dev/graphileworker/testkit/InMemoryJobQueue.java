package dev.graphileworker.testkit;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.Queue;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.testkit.internal.memory.AdminFunctions;
import dev.graphileworker.testkit.internal.memory.Administration;
import dev.graphileworker.testkit.internal.memory.ArrivalSignals;
import dev.graphileworker.testkit.internal.memory.Cleanup;
import dev.graphileworker.testkit.internal.memory.JobHistoryTable;
import dev.graphileworker.testkit.internal.memory.JobInsertion;
import dev.graphileworker.testkit.internal.memory.JobTable;
import dev.graphileworker.testkit.internal.memory.NewJob;
import dev.graphileworker.testkit.internal.memory.Payloads;
import dev.graphileworker.testkit.internal.memory.QueueCensus;
import dev.graphileworker.testkit.internal.memory.WorkerStatements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A job queue held in memory, with the semantics of graphile-worker's {@code graphile_worker} schema:
 * the same defaults, job key modes, claim order, named queues, retries and lock timeout. It implements
 * the worker's ports, so a worker or a task can be tested without a database and behave as it will on
 * PostgreSQL (both pass the port contract, {@link dev.graphileworker.testkit.contract.JobQueueContract}).
 *
 * <p>Thread-safe: every operation is atomic, as one SQL statement is. Time comes from the clock given
 * to the constructor, read once per operation as PostgreSQL's {@code now()} is once per statement, so a
 * test can move time forward (past run-at times, back-off delays, the four-hour lock timeout) without
 * waiting. Listeners of {@link #subscribe(Listener)} are told on the thread that added the jobs.
 */
public final class InMemoryJobQueue implements JobStore, JobAdmin, JobArrivals {

    private final Clock clock;
    private final Object lock = new Object();
    private final JobTable table = new JobTable();
    private final JobHistoryTable history = new JobHistoryTable();
    private final JobInsertion insertion = new JobInsertion(table);
    private final WorkerStatements workerStatements = new WorkerStatements(table, history);
    private final AdminFunctions adminFunctions = new AdminFunctions(table);
    private final Cleanup cleanup = new Cleanup(table);
    private final QueueCensus census = new QueueCensus(table);
    private final ArrivalSignals arrivals = new ArrivalSignals();
    private final Set<String> openSessions = ConcurrentHashMap.newKeySet();
    private final InMemoryCronStore cronStore = new InMemoryCronStore(this);
    private final QueueAdministration administration = new InMemoryQueueAdministration(this::atomically,
            new Administration(table, history), () -> Set.copyOf(openSessions), cronStore);
    private final Optional<PayloadMapper> payloadMapper;
    private final Payloads payloads;

    /** A queue on the system clock (UTC). */
    public InMemoryJobQueue() {
        this(Clock.systemUTC());
    }

    /** @param clock the source of {@code now()} for every operation */
    public InMemoryJobQueue(Clock clock) {
        this(clock, Optional.empty());
    }

    /**
     * A queue whose payloads are the application's JSON, as {@code WorkerOptions.payloadMapper} makes
     * them on PostgreSQL: jobs added to it (by the test, or by a task through its helpers) become JSON
     * through {@code payloadMapper}, and an {@link InMemoryWorker} on it binds payloads with it
     * ({@code payloadAs} and typed handlers). Payloads that are a {@code JsonNode} already are stored
     * as they are. A mapper that throws adds nothing: the call throws a {@code WorkerException}.
     *
     * @param clock the source of {@code now()} for every operation
     * @param payloadMapper the application's mapper of payloads
     * @since 0.1.0
     */
    public InMemoryJobQueue(Clock clock, PayloadMapper payloadMapper) {
        this(clock, Optional.of(Objects.requireNonNull(payloadMapper, "payloadMapper")));
    }

    private InMemoryJobQueue(Clock clock, Optional<PayloadMapper> payloadMapper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.payloadMapper = payloadMapper;
        this.payloads = new Payloads(payloadMapper);
    }

    /** @return the application's mapper of payloads, if the queue was given one */
    Optional<PayloadMapper> payloadMapper() {
        return payloadMapper;
    }

    @Override
    public Job addJob(String identifier, Object payload, AddJobOptions options) {
        AddJobOptions given = options == null ? AddJobOptions.defaults() : options;
        JobRow added = atomically(now -> {
            NewJob job = NewJob.of(identifier, payloads.toJson(identifier, payload), given, now);
            if (given.jobKeyMode() == JobKeyMode.UNSAFE_DEDUPE && job.key() != null) {
                return insertion.addJobUnlessKeyExists(job, now);
            }
            return insertion.addJobs(List.of(job), given.jobKeyMode() == JobKeyMode.PRESERVE_RUN_AT, now).get(0);
        });
        // add_job in unsafe_dedupe mode announces only a job it inserted; revision 0 tells which.
        if (given.jobKeyMode() != JobKeyMode.UNSAFE_DEDUPE || added.revision() == 0) {
            arrivals.jobsArrived();
        }
        return added;
    }

    @Override
    public List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt) {
        Objects.requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            return List.of();
        }
        List<JobRow> added = atomically(now ->
                insertion.addJobs(specs.stream().map(spec -> NewJob.of(spec, payloads.toJson(spec.identifier(), spec.payload()), now)).toList(), preserveRunAt, now));
        arrivals.jobsArrived();
        return List.copyOf(added);
    }

    @Override
    public Optional<Job> removeJob(String jobKey) {
        return atomically(now -> adminFunctions.removeJob(jobKey, now)).map(Job.class::cast);
    }

    @Override
    public List<Job> completeJobs(Collection<Long> jobIds) {
        return List.copyOf(atomically(now -> adminFunctions.completeJobs(jobIds, now)));
    }

    @Override
    public List<Job> permanentlyFailJobs(Collection<Long> jobIds, String reason) {
        return List.copyOf(atomically(now -> adminFunctions.permanentlyFailJobs(jobIds, reason, now)));
    }

    @Override
    public List<Job> rescheduleJobs(Collection<Long> jobIds, RescheduleOptions changes) {
        Objects.requireNonNull(changes, "changes");
        return List.copyOf(atomically(now -> adminFunctions.rescheduleJobs(jobIds, changes, now)));
    }

    @Override
    public void forceUnlockWorkers(Collection<String> workerIds) {
        Objects.requireNonNull(workerIds, "workerIds");
        atomically(now -> {
            adminFunctions.forceUnlockWorkers(workerIds);
            return null;
        });
    }

    /**
     * Unlocks a dead worker's jobs and queues as {@link #forceUnlockWorkers} does, counts the jobs it
     * freed in the same step, and wakes the workers when there were any: dead worker recovery's unlock.
     */
    int forceUnlockCounting(String workerId) {
        int freed = atomically(now -> {
            int locked = (int) table.jobs().stream().filter(job -> workerId.equals(job.locker())).count();
            adminFunctions.forceUnlockWorkers(List.of(workerId));
            return locked;
        });
        if (freed > 0) {
            arrivals.jobsArrived();
        }
        return freed;
    }

    @Override
    public CleanupResult cleanup(CleanupOptions options) {
        Objects.requireNonNull(options, "options");
        return atomically(now -> cleanup.run(options));
    }

    @Override
    public QueueDepth queueDepth() {
        return atomically(census::count);
    }

    @Override
    public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(taskIdentifiers, "taskIdentifiers");
        return atomically(now -> workerStatements.claim(workerId, taskIdentifiers, forbiddenFlags, limit, now));
    }

    @Override
    public List<JobRow> claimLimitedJobs(String workerId, TaskLimit limit, Set<String> forbiddenFlags, int wanted) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(limit, "limit");
        return atomically(now -> workerStatements.claimLimited(workerId, limit, forbiddenFlags, wanted, now));
    }

    @Override
    public void completeJobs(String workerId, Collection<Long> jobIds) {
        Objects.requireNonNull(workerId, "workerId");
        Map<Long, Duration> runTimes = new HashMap<>();
        if (jobIds != null) {
            jobIds.stream().filter(Objects::nonNull).forEach(id -> runTimes.put(id, Duration.ZERO));
        }
        atomically(now -> {
            workerStatements.complete(workerId, runTimes, now);
            return null;
        });
    }

    @Override
    public void completeJobsWithRunTimes(String workerId, List<JobCompletion> completions) {
        Objects.requireNonNull(workerId, "workerId");
        Map<Long, Duration> runTimes = new HashMap<>();
        completions.forEach(completion -> runTimes.put(completion.jobId(), completion.runTime()));
        atomically(now -> {
            workerStatements.complete(workerId, runTimes, now);
            return null;
        });
    }

    @Override
    public void failJobs(String workerId, Collection<JobFailure> failures) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(failures, "failures");
        atomically(now -> {
            workerStatements.fail(workerId, failures, now);
            return null;
        });
    }

    @Override
    public void releaseJobs(String workerId, Collection<Long> jobIds) {
        Objects.requireNonNull(workerId, "workerId");
        atomically(now -> {
            workerStatements.release(workerId, jobIds, now);
            return null;
        });
    }

    @Override
    public int releaseStaleLocks() {
        return atomically(workerStatements::releaseStaleLocks);
    }

    @Override
    public Subscription subscribe(Listener listener) {
        return arrivals.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /** @return a snapshot of every job, ordered by id, including locked and permanently failed ones */
    public List<Job> jobs() {
        return List.copyOf(atomically(now -> table.jobs()));
    }

    /**
     * @param id a job id
     * @return a snapshot of the job, or empty when there is none (never added, completed or removed)
     */
    public Optional<Job> job(long id) {
        return atomically(now -> table.job(id)).map(Job.class::cast);
    }

    /** @return every named queue used so far and not deleted by a cleanup, ordered by name, with its lock */
    public List<Queue> queues() {
        return atomically(now -> table.queues());
    }

    /** @return every task identifier a job was ever added for and no cleanup deleted since, ordered */
    public List<String> taskIdentifiers() {
        return atomically(now -> table.taskIdentifiers());
    }

    /**
     * The operators' administration of this queue, with the behaviour of the PostgreSQL adapter's
     * ({@code WorkerUtils.administration()}): both pass
     * {@link dev.graphileworker.testkit.contract.AdministrationContract}. Each call is atomic and reads
     * the queue's clock once. A worker of this library shows its session as alive while a test holds
     * one open for it (see {@code InMemoryWorkerSessions}). The queue keeps no history of finished jobs,
     * as a database whose workers keep none: its history pages are empty and its activity is the failures
     * its jobs show, completions unknown. Its cron items are those of the queue's own cron store.
     *
     * @return the administration of this queue
     * @since 0.1.0
     */
    public QueueAdministration administration() {
        return administration;
    }

    /**
     * Turns on the history of finished jobs, as a worker with {@code WorkerOptions.keepHistory} creates
     * the history table: from now on the jobs completed and those whose last attempt fails are recorded,
     * and {@link #administration()} reads its history and activity from them. There is no retention:
     * entries stay as long as the queue.
     */
    void keepHistory() {
        atomically(now -> {
            history.keep();
            return null;
        });
    }

    /** @return the queue's cron store: the known cron items, one set per queue as one table per database */
    CronStore cronStore() {
        return cronStore;
    }

    /** @return the ids of the workers whose session is open now, shared by every view of the sessions */
    Set<String> openSessions() {
        return openSessions;
    }

    private <T> T atomically(Function<Instant, T> statement) {
        synchronized (lock) {
            return statement.apply(clock.instant());
        }
    }
}
