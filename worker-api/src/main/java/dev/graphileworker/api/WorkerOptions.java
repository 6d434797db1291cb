// Why this file is over 400 lines: it is the reference of every option. Each has a default constant,
// a getter and a builder method whose Javadoc says what it trades and which values it refuses;
// splitting them apart would scatter one option over several files.
package dev.graphileworker.api;

import dev.graphileworker.api.events.WorkerEventListener;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * How a worker (or a {@link WorkerUtils}) connects and runs. Immutable; built with {@link #builder()},
 * which checks every value as it is set and the whole at {@link Builder#build()}, and names the
 * offending option in its error.
 *
 * <table>
 *   <caption>Options and defaults (the {@code DEFAULT_} constants hold them)</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>connection string or data source</td><td>required (one of them)</td></tr>
 *   <tr><td>schema</td><td>{@value #DEFAULT_SCHEMA}</td></tr>
 *   <tr><td>concurrency</td><td>{@value #DEFAULT_CONCURRENCY}</td></tr>
 *   <tr><td>poll interval</td><td>{@linkplain #DEFAULT_POLL_INTERVAL 2 seconds}</td></tr>
 *   <tr><td>max pool size</td><td>{@value #DEFAULT_MAX_POOL_SIZE}</td></tr>
 *   <tr><td>task list</td><td>empty</td></tr>
 *   <tr><td>forbidden flags (a set, or a function asked before each claim)</td><td>none</td></tr>
 *   <tr><td>shutdown grace period</td><td>{@linkplain #DEFAULT_SHUTDOWN_GRACE_PERIOD 5 seconds}</td></tr>
 *   <tr><td>prepared statements</td><td>on</td></tr>
 *   <tr><td>durable claims</td><td>off (a claim's commit does not wait for the disk)</td></tr>
 *   <tr><td>crontab</td><td>none</td></tr>
 *   <tr><td>event listeners</td><td>none</td></tr>
 *   <tr><td>dead worker recovery time</td><td>{@linkplain #DEFAULT_DEAD_WORKER_RECOVERY_TIME 60 seconds}
 *       (zero turns it off)</td></tr>
 *   <tr><td>local queue size</td><td>{@value #DEFAULT_LOCAL_QUEUE_SIZE} (adapts to the worker's pace)</td></tr>
 *   <tr><td>local queue TTL</td><td>{@linkplain #DEFAULT_LOCAL_QUEUE_TTL 30 seconds}</td></tr>
 *   <tr><td>completion batch size</td><td>{@value #DEFAULT_COMPLETION_BATCH_SIZE}</td></tr>
 *   <tr><td>completion batch delay</td><td>{@linkplain #DEFAULT_COMPLETION_BATCH_DELAY 1 millisecond}</td></tr>
 *   <tr><td>payload mapper</td><td>the library's own Jackson 2 mapper</td></tr>
 *   <tr><td>listen data source</td><td>the main one (the connection string's pool, or the data source)</td></tr>
 *   <tr><td>job thread factory</td><td>named platform threads of the worker's</td></tr>
 *   <tr><td>task limits (concurrency, rate)</td><td>none</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class WorkerOptions {

    // The defaults: the builder, the domain and the command line's help all read them from here.

    /** The schema graphile-worker uses unless told otherwise. */
    public static final String DEFAULT_SCHEMA = "graphile_worker";

    /** How many jobs run at once unless told otherwise: 1. */
    public static final int DEFAULT_CONCURRENCY = 1;

    /** How often the worker looks for jobs without a notification unless told otherwise: 2 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    /** The most connections of a pool the worker makes, unless told otherwise: 10. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    /** How long running jobs may go on after a stop begins unless told otherwise: 5 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(5);

    /** How long a worker must be seen without a session before its jobs are freed, unless told otherwise: 60 seconds. */
    public static final Duration DEFAULT_DEAD_WORKER_RECOVERY_TIME = Duration.ofSeconds(60);

    /** The most jobs claimed ahead of free slots unless told otherwise: 500. */
    public static final int DEFAULT_LOCAL_QUEUE_SIZE = 500;

    /** How long a job claimed ahead may wait unless told otherwise: 30 seconds. */
    public static final Duration DEFAULT_LOCAL_QUEUE_TTL = Duration.ofSeconds(30);

    /** The most job results written in one statement unless told otherwise: 500. */
    public static final int DEFAULT_COMPLETION_BATCH_SIZE = 500;

    /** How long a result may wait for others to share its statement unless told otherwise: 1 millisecond. */
    public static final Duration DEFAULT_COMPLETION_BATCH_DELAY = Duration.ofMillis(1);

    /** The shortest retention {@link Builder#keepHistory} accepts: 1 minute. */
    public static final Duration MINIMUM_HISTORY_RETENTION = Duration.ofMinutes(1);

    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final ConnectionString connectionString;
    private final DataSource dataSource;
    private final String schema;
    private final int concurrency;
    private final Duration pollInterval;
    private final int maxPoolSize;
    private final TaskList taskList;
    private final Set<String> forbiddenFlags;
    private final Supplier<? extends Collection<String>> forbiddenFlagsFunction;
    private final Duration shutdownGracePeriod;
    private final boolean preparedStatements;
    private final boolean durableClaims;
    private final boolean migrate;
    private final String crontab;
    private final ZoneId cronTimeZone;
    private final EnqueueInterceptor enqueueInterceptor;
    private final List<WorkerEventListener> eventListeners;
    private final Duration deadWorkerRecoveryTime;
    private final int localQueueSize;
    private final Duration localQueueTtl;
    private final int completionBatchSize;
    private final Duration completionBatchDelay;
    private final PayloadMapper payloadMapper;
    private final DataSource listenDataSource;
    private final ThreadFactory jobThreadFactory;
    private final Duration keepHistory;
    private final Map<String, TaskLimit> taskLimits;

    private WorkerOptions(Builder builder) {
        this.connectionString = builder.connectionString;
        this.dataSource = builder.dataSource;
        this.schema = builder.schema;
        this.concurrency = builder.concurrency;
        this.pollInterval = builder.pollInterval;
        this.maxPoolSize = builder.maxPoolSize;
        this.taskList = builder.taskList;
        this.forbiddenFlags = builder.forbiddenFlags;
        this.forbiddenFlagsFunction = builder.forbiddenFlagsFunction;
        this.shutdownGracePeriod = builder.shutdownGracePeriod;
        this.preparedStatements = builder.preparedStatements;
        this.durableClaims = builder.durableClaims;
        this.migrate = builder.migrate;
        this.crontab = builder.crontab;
        this.cronTimeZone = builder.cronTimeZone;
        this.enqueueInterceptor = builder.enqueueInterceptor;
        this.eventListeners = List.copyOf(builder.eventListeners);
        this.deadWorkerRecoveryTime = builder.deadWorkerRecoveryTime;
        this.localQueueSize = builder.localQueueSize;
        this.localQueueTtl = builder.localQueueTtl;
        this.completionBatchSize = builder.completionBatchSize;
        this.completionBatchDelay = builder.completionBatchDelay;
        this.payloadMapper = builder.payloadMapper;
        this.listenDataSource = builder.listenDataSource;
        this.jobThreadFactory = builder.jobThreadFactory;
        this.keepHistory = builder.keepHistory;
        this.taskLimits = Map.copyOf(builder.taskLimits);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the connection string, unless a data source was given */
    public Optional<ConnectionString> connectionString() {
        return Optional.ofNullable(connectionString);
    }

    /** @return the application's data source, unless a connection string was given */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** @return the database schema that holds the queue */
    public String schema() {
        return schema;
    }

    /** @return how many jobs run at once */
    public int concurrency() {
        return concurrency;
    }

    /** @return how often the worker looks for jobs when no notification arrives */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return the largest number of pooled connections, when the worker creates the pool */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** @return the tasks the worker runs */
    public TaskList taskList() {
        return taskList;
    }

    /** @return flags whose jobs this worker never claims, as given as a set; empty when given as a function */
    public Set<String> forbiddenFlags() {
        return forbiddenFlags;
    }

    /**
     * @return the forbidden flags as the worker asks for them before each claim: the function given
     *     to {@link Builder#forbiddenFlags(Supplier)}, or one that answers the set given as a set
     */
    public Supplier<? extends Collection<String>> forbiddenFlagsSupplier() {
        if (forbiddenFlagsFunction != null) {
            return forbiddenFlagsFunction;
        }
        Set<String> fixed = forbiddenFlags;
        return () -> fixed;
    }

    /** @return how long running jobs may go on after a stop begins before their abort signal is raised */
    public Duration shutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    /** @return whether the driver prepares statements on the server (off for some connection poolers) */
    public boolean preparedStatements() {
        return preparedStatements;
    }

    /**
     * @return whether a claim's commit waits for the disk, as every other write does (off by
     *     default; see {@link Builder#durableClaims})
     * @since 0.1.0
     */
    public boolean durableClaims() {
        return durableClaims;
    }

    /** @return whether starting a worker installs or upgrades the schema (else it only checks it) */
    public boolean migrate() {
        return migrate;
    }

    /** @return who receives the worker's events, in the order they were added */
    public List<WorkerEventListener> eventListeners() {
        return eventListeners;
    }

    /** @return the text of the crontab whose jobs {@link GraphileWorker#run} enqueues, if one was given */
    public Optional<String> crontab() {
        return Optional.ofNullable(crontab);
    }

    /** @return the time zone whose clock crontab lines are read on, unless a line names its own with {@code ?tz=} */
    public ZoneId cronTimeZone() {
        return cronTimeZone;
    }

    /** @return what sees each job added from Java before it is written, if anything does */
    public Optional<EnqueueInterceptor> enqueueInterceptor() {
        return Optional.ofNullable(enqueueInterceptor);
    }

    /**
     * @return how long a worker of this library must be seen without any database session before
     *     its jobs are freed; empty when fast recovery is off (see {@link Builder#deadWorkerRecoveryTime})
     */
    public Optional<Duration> deadWorkerRecoveryTime() {
        return deadWorkerRecoveryTime.isZero() ? Optional.empty() : Optional.of(deadWorkerRecoveryTime);
    }

    /** @return the most jobs claimed ahead of free slots; 0 when jobs are claimed only for free slots */
    public int localQueueSize() {
        return localQueueSize;
    }

    /** @return how long a job claimed ahead may wait before it is given back unstarted */
    public Duration localQueueTtl() {
        return localQueueTtl;
    }

    /** @return the most job results (completions, failures) written in one statement; 1 writes each on its own */
    public int completionBatchSize() {
        return completionBatchSize;
    }

    /** @return how long a result may wait for others to share its statement while more jobs are running */
    public Duration completionBatchDelay() {
        return completionBatchDelay;
    }

    /**
     * @return the application's mapper of payloads, if one was given; empty when the library's own
     *     Jackson 2 mapper turns payloads into JSON and binds them (see {@link Builder#payloadMapper})
     */
    public Optional<PayloadMapper> payloadMapper() {
        return Optional.ofNullable(payloadMapper);
    }

    /**
     * @return where the worker's listening connection comes from, if given (see
     *     {@link Builder#listenDataSource})
     */
    public Optional<DataSource> listenDataSource() {
        return Optional.ofNullable(listenDataSource);
    }

    /**
     * @return the factory of the threads that run handlers, if one was given; empty when the worker
     *     makes named platform threads of its own (see {@link Builder#jobThreadFactory})
     */
    public Optional<ThreadFactory> jobThreadFactory() {
        return Optional.ofNullable(jobThreadFactory);
    }

    /**
     * @return how long the history of finished jobs is kept, when this library's workers record it;
     *     empty when no history is kept, the default (see {@link Builder#keepHistory})
     * @since 0.1.0
     */
    public Optional<Duration> keepHistory() {
        return Optional.ofNullable(keepHistory);
    }

    /**
     * @return the limits of tasks, by task identifier ({@link Builder#taskConcurrencyLimit},
     *     {@link Builder#taskRateLimit}); empty when no task is limited, the default
     * @since 0.1.0
     */
    public Map<String, TaskLimit> taskLimits() {
        return taskLimits;
    }

    /** @return a builder holding these options, to derive changed ones */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.connectionString = connectionString;
        builder.dataSource = dataSource;
        builder.schema = schema;
        builder.concurrency = concurrency;
        builder.pollInterval = pollInterval;
        builder.maxPoolSize = maxPoolSize;
        builder.taskList = taskList;
        builder.forbiddenFlags = forbiddenFlags;
        builder.forbiddenFlagsFunction = forbiddenFlagsFunction;
        builder.shutdownGracePeriod = shutdownGracePeriod;
        builder.preparedStatements = preparedStatements;
        builder.durableClaims = durableClaims;
        builder.migrate = migrate;
        builder.crontab = crontab;
        builder.cronTimeZone = cronTimeZone;
        builder.enqueueInterceptor = enqueueInterceptor;
        builder.eventListeners.addAll(eventListeners);
        builder.deadWorkerRecoveryTime = deadWorkerRecoveryTime;
        builder.localQueueSize = localQueueSize;
        builder.localQueueTtl = localQueueTtl;
        builder.completionBatchSize = completionBatchSize;
        builder.completionBatchDelay = completionBatchDelay;
        builder.payloadMapper = payloadMapper;
        builder.listenDataSource = listenDataSource;
        builder.jobThreadFactory = jobThreadFactory;
        builder.keepHistory = keepHistory;
        builder.taskLimits.putAll(taskLimits);
        return builder;
    }

    @Override
    public String toString() {
        // Never print the connection string, nor a data source (whose text may show a password).
        return "WorkerOptions{schema=" + schema + ", concurrency=" + concurrency + ", pollInterval=" + pollInterval
                + ", maxPoolSize=" + maxPoolSize + ", tasks=" + taskList.identifiers()
                + ", forbiddenFlags=" + (forbiddenFlagsFunction == null ? forbiddenFlags : "<function>")
                + ", shutdownGracePeriod=" + shutdownGracePeriod
                + ", cronTimeZone=" + cronTimeZone
                + ", preparedStatements=" + preparedStatements + ", durableClaims=" + durableClaims
                + ", migrate=" + migrate + ", deadWorkerRecoveryTime=" + deadWorkerRecoveryTime
                + ", localQueueSize=" + localQueueSize
                + ", localQueueTtl=" + localQueueTtl + ", completionBatchSize=" + completionBatchSize
                + ", completionBatchDelay=" + completionBatchDelay
                + ", payloadMapper=" + (payloadMapper == null ? "<default>" : payloadMapper)
                + ", listenDataSource=" + (listenDataSource == null ? "<main>" : "<separate>")
                + ", jobThreadFactory=" + (jobThreadFactory == null ? "<default>" : "<given>")
                + ", keepHistory=" + (keepHistory == null ? "<off>" : keepHistory)
                + (taskLimits.isEmpty() ? "" : ", taskLimits=" + taskLimits.values()) + "}";
    }

    /**
     * Builds {@link WorkerOptions}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private ConnectionString connectionString;
        private DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private TaskList taskList = TaskList.empty();
        private Set<String> forbiddenFlags = Set.of();
        private Supplier<? extends Collection<String>> forbiddenFlagsFunction;
        private Duration shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;
        private boolean preparedStatements = true;
        private boolean durableClaims;
        private boolean migrate = true;
        private String crontab;
        private ZoneId cronTimeZone = ZoneOffset.UTC;
        private EnqueueInterceptor enqueueInterceptor;
        private final List<WorkerEventListener> eventListeners = new ArrayList<>();
        private Duration deadWorkerRecoveryTime = DEFAULT_DEAD_WORKER_RECOVERY_TIME;
        private int localQueueSize = DEFAULT_LOCAL_QUEUE_SIZE;
        private Duration localQueueTtl = DEFAULT_LOCAL_QUEUE_TTL;
        private int completionBatchSize = DEFAULT_COMPLETION_BATCH_SIZE;
        private Duration completionBatchDelay = DEFAULT_COMPLETION_BATCH_DELAY;
        private PayloadMapper payloadMapper;
        private DataSource listenDataSource;
        private ThreadFactory jobThreadFactory;
        private Duration keepHistory;
        private final Map<String, TaskLimit> taskLimits = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Reads the connection string at once, so that a malformed one is refused here rather than when
         * the worker starts. Replaces a connection string given before.
         *
         * @param connectionString a {@code postgres://} or {@code postgresql://} URI, or a
         *     {@code jdbc:postgresql:} URL, read as {@link ConnectionString#parse(String)} reads it; its
         *     query parameters (such as {@code sslmode}) reach the driver
         * @return this builder
         * @throws IllegalArgumentException starting with {@code connectionString}, naming the part
         *     that is malformed (never quoting the password)
         * @throws NullPointerException when {@code connectionString} is null
         */
        public Builder connectionString(String connectionString) {
            Objects.requireNonNull(connectionString, "connectionString");
            this.connectionString = ConnectionString.parse(connectionString, "connectionString");
            return this;
        }

        /**
         * @param connectionString where the database is and how to log in, for example
         *     {@code ConnectionString.fromEnvironment(System.getenv())}; replaces a connection string
         *     given before
         * @return this builder
         * @throws NullPointerException when {@code connectionString} is null
         */
        public Builder connectionString(ConnectionString connectionString) {
            this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
            return this;
        }

        /**
         * @param dataSource the application's data source; the worker borrows connections from it
         *     and never closes it
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * @param schema the schema that holds the queue: 1 to 63 bytes; any characters (it is quoted)
         * @return this builder
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            int bytes = schema.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_IDENTIFIER_BYTES) {
                throw new IllegalArgumentException("schema must have 1 to " + MAX_IDENTIFIER_BYTES
                        + " bytes (PostgreSQL's identifier limit), has " + bytes);
            }
            this.schema = schema;
            return this;
        }

        /**
         * @param concurrency how many jobs run at once, at least 1
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * @param pollInterval how often to look for jobs without a notification; positive
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * @param maxPoolSize the largest number of pooled connections, at least 2 (one listens for
         *     new jobs, the rest claim and settle them)
         * @return this builder
         */
        public Builder maxPoolSize(int maxPoolSize) {
            if (maxPoolSize < 2) {
                throw new IllegalArgumentException("maxPoolSize must be at least 2, was " + maxPoolSize);
            }
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /**
         * @param taskList the tasks the worker runs
         * @return this builder
         */
        public Builder taskList(TaskList taskList) {
            this.taskList = Objects.requireNonNull(taskList, "taskList");
            return this;
        }

        /**
         * Replaces any forbidden flags given before, as a set or as a function.
         *
         * @param forbiddenFlags jobs carrying any of these flags are not claimed by this worker
         * @return this builder
         */
        public Builder forbiddenFlags(Set<String> forbiddenFlags) {
            this.forbiddenFlags = Set.copyOf(Objects.requireNonNull(forbiddenFlags, "forbiddenFlags"));
            this.forbiddenFlagsFunction = null;
            return this;
        }

        /**
         * Forbidden flags that change while the worker runs, for rate limiting in your own code: the
         * worker calls {@code forbiddenFlags} before every claim of jobs and does not claim jobs carrying
         * any flag it returns. Replaces any forbidden flags given before, as a set or as a function.
         *
         * <p>The function is called on the worker's fetching thread, often (before each claim, at least
         * once per poll interval), so it must be quick and thread-safe. {@code null} forbids nothing.
         * When it throws (or returns a null flag), the worker claims nothing this time, logs the failure
         * once until a later call succeeds, and asks again at the next poll or job arrival; a
         * {@link GraphileWorker#runOnce} fails with the exception.
         *
         * <pre>{@code
         * AtomicBoolean smtpBusy = new AtomicBoolean();
         * builder.forbiddenFlags(() -> smtpBusy.get() ? Set.of("smtp") : Set.of());
         * }</pre>
         *
         * @param forbiddenFlags returns the flags to forbid in the claim about to be made
         * @return this builder
         * @since 0.1.0
         */
        public Builder forbiddenFlags(Supplier<? extends Collection<String>> forbiddenFlags) {
            this.forbiddenFlagsFunction = Objects.requireNonNull(forbiddenFlags, "forbiddenFlags");
            this.forbiddenFlags = Set.of();
            return this;
        }

        /**
         * Running jobs may finish on their own for this long after a stop begins; then their
         * {@link AbortSignal} is raised, and the worker still waits for them to return.
         *
         * @param shutdownGracePeriod zero or positive
         * @return this builder
         */
        public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
            Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
            if (shutdownGracePeriod.isNegative()) {
                throw new IllegalArgumentException("shutdownGracePeriod must not be negative, was " + shutdownGracePeriod);
            }
            this.shutdownGracePeriod = shutdownGracePeriod;
            return this;
        }

        /**
         * Turn off for connection poolers in transaction mode (PgBouncer before 1.21), which cannot
         * keep server-side prepared statements; it costs some speed.
         *
         * @param preparedStatements whether the driver may prepare statements on the server
         * @return this builder
         */
        public Builder preparedStatements(boolean preparedStatements) {
            this.preparedStatements = preparedStatements;
            return this;
        }

        /**
         * Whether claiming jobs waits until PostgreSQL has flushed the claim to disk. Off by default: a
         * claim commits without that wait ({@code synchronous_commit} off for the claim's transaction
         * alone), which halves the disk flushes of a job's life; adding, completing and failing jobs
         * always wait. No job can be lost this way: if PostgreSQL itself crashes within a fraction of a
         * second of a claim (three times {@code wal_writer_delay} at most, 0.6 s by default), the claim is
         * undone on recovery: the job is back in the queue as before it (unlocked, its attempt not
         * counted) and may run again, even while the worker that claimed it still runs it. Turn on
         * where that matters more than speed: jobs that must never run twice at once even across a
         * database crash, or a serial queue that must stay serial across one.
         *
         * @param durableClaims whether a claim's commit waits for the disk
         * @return this builder
         * @since 0.1.0
         */
        public Builder durableClaims(boolean durableClaims) {
            this.durableClaims = durableClaims;
            return this;
        }

        /**
         * Whether {@link GraphileWorker#run} and {@link GraphileWorker#startOnce} install or upgrade
         * the schema before the worker starts (on by default, as in graphile-worker). Off, they only
         * check that the schema is at a revision this worker knows, and refuse to start otherwise,
         * saying so: for deployments that migrate in a separate step, as a role allowed to change the
         * schema, and run workers as one that is not. {@link GraphileWorker#runMigrations} always
         * migrates.
         *
         * @param migrate whether starting a worker migrates the schema
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * Recurring jobs, in graphile-worker's crontab format: one item per line,
         * {@code min hour dom month dow task ?opts {payload}}, UTC, with {@code #} comments. For
         * example {@code 30 4 * * 1 send_weekly_email ?fill=2d&max=10 {onboarding: false}}.
         * While a worker started with {@link GraphileWorker#run} runs, it enqueues each item's jobs
         * (exactly once per tick across all workers); {@link GraphileWorker#runOnce} ignores the
         * crontab. The text is parsed when the worker starts: a bad line makes {@code run} throw a
         * {@link WorkerException} naming the line, before any connection is made.
         *
         * @param crontabText the crontab's text, as read from a crontab file
         * @return this builder
         */
        public Builder crontab(String crontabText) {
            this.crontab = Objects.requireNonNull(crontabText, "crontabText");
            return this;
        }

        /**
         * The time zone whose clock the crontab's lines are read on, across daylight-saving changes
         * (docs/crontab.md, "Time zones", says how a skipped or repeated time fires). A line may name
         * its own with {@code ?tz=Europe/Paris}. Ticks stay instants: backfill, {@code _cron.ts} and the
         * last executions are UTC, as graphile-worker writes them. Node.js workers read every line in
         * UTC: give a crontab with zones to workers of this library only.
         *
         * @param zone the default zone of the crontab; UTC by default
         * @return this builder
         */
        public Builder cronTimeZone(ZoneId zone) {
            this.cronTimeZone = Objects.requireNonNull(zone, "cronTimeZone").normalized();
            return this;
        }

        /**
         * What sees each job added from Java before it is written, and may change its options, such as
         * {@code OpenTelemetryTracing.enqueueInterceptor()}, which adds the caller's trace context as a
         * flag. Replaces one given before.
         *
         * @param interceptor the interceptor
         * @return this builder
         */
        public Builder enqueueInterceptor(EnqueueInterceptor interceptor) {
            this.enqueueInterceptor = Objects.requireNonNull(interceptor, "enqueueInterceptor");
            return this;
        }

        /**
         * Adds a listener of the worker's events (see {@link WorkerEventListener} for the threading
         * contract); call again to add more.
         *
         * @param listener receives every event of workers built from these options
         * @return this builder
         */
        public Builder eventListener(WorkerEventListener listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Fast recovery of the jobs of dead workers. While it runs, a worker started with
         * {@link GraphileWorker#run} keeps one database session named after its id, and watches the
         * sessions of the other workers of this library: one whose sessions have all been gone for this
         * long is presumed dead, and its jobs and queues are unlocked (as by
         * {@code force_unlock_workers}) to run again. A worker that is merely slow keeps its session;
         * one briefly cut off reconnects well within this time. Workers that never showed such a
         * session (Node.js graphile-worker, or this library with recovery off) are left to the
         * four-hour lock timeout. docs/guarantees.md, "When a worker dies", explains the design and its
         * limits.
         *
         * @param recoveryTime at least 1 second; zero or negative turns fast recovery off (the
         *     four-hour lock timeout still applies)
         * @return this builder
         */
        public Builder deadWorkerRecoveryTime(Duration recoveryTime) {
            Objects.requireNonNull(recoveryTime, "recoveryTime");
            boolean off = recoveryTime.isNegative() || recoveryTime.isZero();
            if (!off && recoveryTime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("deadWorkerRecoveryTime must be at least 1 second (or zero to "
                        + "turn fast recovery off), was " + recoveryTime);
            }
            this.deadWorkerRecoveryTime = off ? Duration.ZERO : recoveryTime;
            return this;
        }

        /**
         * Keeps a history of finished jobs, so that operators can tell what happened to a job after it
         * left the queue. Off by default. When on, the workers of this library record each job they
         * complete and each job whose last attempt fails (it is then permanently failed) in tables of
         * their own, in a schema named after the queue's schema with {@code _history} appended (for
         * example {@code graphile_worker_history}), which a worker creates when it starts. Nothing is
         * added to the queue's schema, which stays identical to Node.js graphile-worker's. An entry is
         * written by the same statement that completes or fails the job, so a job is recorded exactly
         * when it finishes. Entries older than {@code retention} are deleted by the workers' housekeeping,
         * in small batches, every few minutes. Jobs finished by Node.js workers, and jobs completed by
         * the operator's {@code complete_jobs}, are not recorded. docs/library.md, "History", tells what
         * it costs.
         *
         * @param retention how long entries are kept: at least 1 minute; {@code null} turns history off
         * @return this builder
         * @throws IllegalArgumentException when the retention is shorter than 1 minute
         * @since 0.1.0
         */
        public Builder keepHistory(Duration retention) {
            if (retention != null && retention.compareTo(MINIMUM_HISTORY_RETENTION) < 0) {
                throw new IllegalArgumentException("keepHistory must keep entries at least 1 minute (or be null to "
                        + "keep no history), was " + retention);
            }
            this.keepHistory = retention;
            return this;
        }

        /**
         * Caps how many jobs of one task run at once across every worker of this library, for example at
         * most 5 {@code send_email} jobs for a provider's limit. Jobs above the cap wait in the queue,
         * runnable, and are never failed for it; the running count is the number of the task's jobs
         * locked by a worker presumed alive, so a worker that dies frees its share when dead-worker
         * recovery (or the four-hour lock timeout) frees its locks. A capped task's jobs are claimed by a
         * statement of their own, serialised between workers, and never ahead of a free slot
         * (see {@link #localQueueSize}). Every worker of this library that runs the task must be given
         * the same limit: each enforces the limit it was given. Node.js workers ignore it.
         * docs/library.md, "Concurrency limits", explains the cost. Replaces an earlier concurrency limit
         * of the same task; a rate limit of it stays.
         *
         * @param taskIdentifier the task, a valid task identifier
         * @param max how many of its jobs may run at once, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the identifier is blank or too long, or {@code max} is below 1
         * @throws NullPointerException when {@code taskIdentifier} is null
         * @since 0.1.0
         */
        public Builder taskConcurrencyLimit(String taskIdentifier, int max) {
            TaskLimit limit = limitOf(taskIdentifier).withMaxRunning(max);
            taskLimits.put(taskIdentifier, limit);
            return this;
        }

        /**
         * Caps how many jobs of one task start in any window of length {@code per}, across every worker of
         * this library: at most 100 {@code send_sms} a minute, say. A start is recorded when a worker
         * claims the job, in a table of this library's own, in a schema named after the queue's schema
         * with {@code _limits} appended (for example {@code graphile_worker_limits}), which a worker
         * creates when it starts; nothing is added to the queue's schema. Jobs over the rate wait,
         * runnable, and are never failed for it; a worker looks again at its poll interval. Retries count
         * as starts. As for {@link #taskConcurrencyLimit}, every worker running the task must be given the
         * same limit, and Node.js workers ignore it. Replaces an earlier rate limit of the same task.
         *
         * @param taskIdentifier the task, a valid task identifier
         * @param starts how many of its jobs may start per window, at least 1
         * @param per the window, from 1 second to 1 day
         * @return this builder
         * @throws IllegalArgumentException when the identifier is blank or too long, {@code starts} is
         *     below 1 or {@code per} is out of range
         * @throws NullPointerException when {@code taskIdentifier} or {@code per} is null
         * @since 0.1.0
         */
        public Builder taskRateLimit(String taskIdentifier, int starts, Duration per) {
            TaskLimit limit = limitOf(taskIdentifier).withRate(starts, per);
            taskLimits.put(taskIdentifier, limit);
            return this;
        }

        private TaskLimit limitOf(String taskIdentifier) {
            TaskLimit known = taskLimits.get(TaskIdentifiers.requireValid(taskIdentifier));
            return known != null ? known : TaskLimit.none(taskIdentifier);
        }

        /**
         * Jobs claimed ahead wait in a local queue, so that a freed slot starts its next job without
         * a round trip and one statement claims many jobs. It trades fairness for throughput: a job
         * waiting locally is locked to this worker, so other workers cannot take it, a job of higher
         * priority added meanwhile may start after it, the operator's functions that skip locked jobs
         * skip it, and if the process dies it stays locked until the lock timeout (4 hours) or
         * {@code force_unlock_workers}. That is why the worker claims ahead only as many jobs as its
         * runners would finish in about 100 ms at the run times of its recent jobs, up to this size:
         * slow jobs are hardly claimed ahead, a backlog of quick jobs is. The next claim counts as
         * gone the jobs the runners will have finished by its return (at the same run times, in as
         * long as the last claim took), so with jobs quicker than a claim it starts as soon as the
         * last comes back, and should they slow down at once, up to twice this size may wait for one
         * round. A graceful stop gives waiting jobs back at once. Named queues stay strictly serial:
         * a waiting job keeps its queue locked, as a running one does.
         *
         * @param localQueueSize the most jobs claimed ahead of free slots, 0 (claim only for free
         *     slots) or more
         * @return this builder
         */
        public Builder localQueueSize(int localQueueSize) {
            if (localQueueSize < 0) {
                throw new IllegalArgumentException("localQueueSize must not be negative, was " + localQueueSize);
            }
            this.localQueueSize = localQueueSize;
            return this;
        }

        /**
         * A job claimed ahead that has waited this long (all slots busy with long jobs) is given back
         * unstarted, so that another worker may run it, and the worker claims ahead again only once
         * one of its slots frees up. Shorter hands such jobs on sooner; longer saves the round trips
         * of giving back and claiming again.
         *
         * @param localQueueTtl positive
         * @return this builder
         */
        public Builder localQueueTtl(Duration localQueueTtl) {
            Objects.requireNonNull(localQueueTtl, "localQueueTtl");
            if (localQueueTtl.isNegative() || localQueueTtl.isZero()) {
                throw new IllegalArgumentException("localQueueTtl must be positive, was " + localQueueTtl);
            }
            this.localQueueTtl = localQueueTtl;
            return this;
        }

        /**
         * Results of finished jobs (completions and failures, each with its own error and back-off)
         * are written together, one statement for up to this many, instead of one statement per job.
         * A result never waits when no other job is running or claimed: it is written at once. Larger
         * batches cost the database less per job; a result written later keeps its job's named queue
         * locked a little longer, and if the process dies before writing it, the job runs again after
         * the lock timeout, as a job that was running would. 1 turns batching off: each job's thread
         * writes its own result.
         *
         * @param completionBatchSize 1 or more
         * @return this builder
         */
        public Builder completionBatchSize(int completionBatchSize) {
            if (completionBatchSize < 1) {
                throw new IllegalArgumentException("completionBatchSize must be at least 1, was " + completionBatchSize);
            }
            this.completionBatchSize = completionBatchSize;
            return this;
        }

        /**
         * How long a result may wait for others to share its statement while other jobs are still
         * running or claimed. Longer makes fuller batches under load; it delays the write (and the
         * unlocking of a named queue) by at most this much. Zero writes whatever is pending as soon as
         * the previous statement is done.
         *
         * @param completionBatchDelay zero or positive
         * @return this builder
         */
        public Builder completionBatchDelay(Duration completionBatchDelay) {
            Objects.requireNonNull(completionBatchDelay, "completionBatchDelay");
            if (completionBatchDelay.isNegative()) {
                throw new IllegalArgumentException("completionBatchDelay must not be negative, was "
                        + completionBatchDelay);
            }
            this.completionBatchDelay = completionBatchDelay;
            return this;
        }

        /**
         * How the application's payloads become JSON and back: for the jobs added through
         * {@link WorkerUtils}, {@link JobHelpers} and {@link RunningWorker}, and for
         * {@link JobHelpers#payloadAs} and {@link TaskHandler#typed} handlers. Give the application's
         * own JSON configuration here (its naming strategy, its modules, Jackson 3 through a bridge, see
         * {@link PayloadMapper}), so that jobs carry the JSON the rest of the application writes.
         * Payloads that are already a {@link com.fasterxml.jackson.databind.JsonNode} are stored as
         * they are. Without a mapper, the library's own Jackson 2 mapper is used: it registers the
         * modules found on the class path and writes {@code java.time} values as ISO text.
         *
         * <p>When the mapper throws on a payload being added, nothing is added and the call throws a
         * {@link WorkerException} naming the task, the payload's class and the mapper's message. When
         * it throws on binding, {@code payloadAs} throws an {@link IllegalArgumentException} naming the
         * job, the class and the mapper's message, which fails the job of a typed handler.
         *
         * @param payloadMapper the application's mapper; thread-safe
         * @return this builder
         * @throws NullPointerException when {@code payloadMapper} is null
         * @since 0.1.0
         */
        public Builder payloadMapper(PayloadMapper payloadMapper) {
            this.payloadMapper = Objects.requireNonNull(payloadMapper, "payloadMapper");
            return this;
        }

        /**
         * A data source of its own for the one connection the worker holds for its whole life, to
         * LISTEN for new jobs (and, with {@linkplain #deadWorkerRecoveryTime dead worker recovery} on,
         * to show other workers it is alive: the session carries the worker's name as its
         * {@code application_name}). Without it, the worker opens that connection beside the main data
         * source when that is a HikariCP pool configured with a JDBC URL and fixed credentials (with
         * the pool's URL, credentials and driver properties), and otherwise borrows it from the main
         * data source. Give one when the main data source is another pool: the worker then takes no
         * slot of the pool for its lifetime, and the session name never rides on a pooled connection.
         * A plain, unpooled data source (such as the driver's {@code PGSimpleDataSource}) is best: the
         * worker holds the connection until it stops, and borrows a new one only after losing it.
         * Giving the main data source itself borrows the connection from it, even from HikariCP.
         *
         * <p>It must reach the same database as the main data source (or connection string):
         * notifications are sent within one database, so a listener elsewhere would never hear of
         * new jobs (the worker would find them only when it polls), and other workers would not see
         * its session. Only the listening connection comes from it; claims, results, migrations and
         * the jobs' own queries use the main data source. The worker never closes it.
         *
         * @param listenDataSource where the listening connection comes from; only with
         *     {@link #dataSource(DataSource)} or a connection string
         * @return this builder
         * @throws NullPointerException when {@code listenDataSource} is null
         * @since 0.1.0
         */
        public Builder listenDataSource(DataSource listenDataSource) {
            this.listenDataSource = Objects.requireNonNull(listenDataSource, "listenDataSource");
            return this;
        }

        /**
         * Makes the threads that run handlers: the worker's {@code concurrency} runner threads, which
         * take jobs from its local queue and call their handlers, and the threads of handlers that
         * have a {@linkplain TaskHandler#withTimeout timeout}. On Java 21 and later, pass
         * {@code Thread.ofVirtual().name("jobs-", 0).factory()} to run handlers on virtual threads.
         * The worker's other threads (claiming, writing results, listening, housekeeping) are its own.
         * Without it, the worker makes named platform threads.
         *
         * <p>A handler that outlives its timeout goes on running on its thread; unlike the worker's
         * own threads for timed handlers (daemon threads), a non-daemon thread of the factory's then
         * keeps the JVM alive until the handler returns. Virtual threads are always daemon threads.
         *
         * @param jobThreadFactory makes a new thread for each runner and for timed handlers; it must
         *     not return {@code null}
         * @return this builder
         * @throws NullPointerException when {@code jobThreadFactory} is null
         * @since 0.1.0
         */
        public Builder jobThreadFactory(ThreadFactory jobThreadFactory) {
            this.jobThreadFactory = Objects.requireNonNull(jobThreadFactory, "jobThreadFactory");
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when neither or both of connection string and data source
         *     are set (a listen data source alone is not enough)
         */
        public WorkerOptions build() {
            if (connectionString == null && dataSource == null && listenDataSource != null) {
                throw new IllegalArgumentException("listenDataSource is only for the connection that listens for "
                        + "new jobs: set dataSource or connectionString as well, to the same database");
            }
            if (connectionString == null && dataSource == null) {
                throw new IllegalArgumentException(
                        "connectionString or dataSource is required: tell the worker which database to use");
            }
            if (connectionString != null && dataSource != null) {
                throw new IllegalArgumentException("connectionString and dataSource are both set: choose one");
            }
            return new WorkerOptions(this);
        }
    }
}
