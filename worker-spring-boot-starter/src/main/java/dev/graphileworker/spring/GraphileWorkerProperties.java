package dev.graphileworker.spring;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The worker's settings under {@code graphile.worker.*}. Each default is the library's own (the
 * starter's tests hold the two equal); each value is checked when the application starts, and a bad
 * one stops the start with a message that names its property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "graphile.worker")
public class GraphileWorkerProperties {

    /** Whether to run a worker and offer the job beans at all. */
    private boolean enabled = true;

    /** The PostgreSQL schema of the queue; Node.js workers sharing the queue must use the same. */
    private String schema = "graphile_worker";

    /** How many jobs run at once in this application. */
    private int concurrency = 1;

    /** How often to look for jobs when no notification arrives (new jobs normally arrive by LISTEN/NOTIFY at once). */
    private Duration pollInterval = Duration.ofSeconds(2);

    /** The most jobs claimed ahead of free slots, to start the next job without a round trip; 0 turns claiming ahead off. */
    private int localQueueSize = 500;

    /** How long a job claimed ahead may wait locally before it is given back. */
    private Duration localQueueTtl = Duration.ofSeconds(30);

    /** The most job results written in one statement; 1 writes each result on its own. */
    private int completionBatchSize = 500;

    /** How long a result may wait for others to share its statement. */
    private Duration completionBatchDelay = Duration.ofMillis(1);

    /** The crontab, as text (graphile-worker's crontab format); use this or crontab-location, not both. */
    private String crontab;

    /** Where to read the crontab from, e.g. classpath:crontab; use this or crontab, not both. */
    private Resource crontabLocation;

    /** The time zone whose clock the crontab's lines are read on, unless a line names its own with ?tz=. */
    private ZoneId cronTimeZone = ZoneOffset.UTC;

    /** How long a worker of this library may be gone before its jobs are unlocked for others; 0 turns fast recovery off. */
    private Duration deadWorkerRecoveryTime = Duration.ofSeconds(60);

    /** How long to keep the history of finished jobs (completed and permanently failed) in a schema of its own; unset keeps none. */
    private Duration keepHistory;

    /** How long running jobs may take to finish when the application stops, before they are given back. */
    private Duration shutdownGracePeriod = Duration.ofSeconds(5);

    /** Whether to install or upgrade the queue's schema when the application starts. */
    private boolean runMigrations = true;

    /** Whether claiming a job waits for the disk as every other write does, so that a database crash cannot undo a claim (and run its job again). */
    private boolean durableClaims;

    /** Whether the worker's one LISTEN connection is opened beside the application's pool, rather than held out of it. */
    private boolean dedicatedListenConnection = true;

    /** Jobs with any of these flags are left for other workers. */
    private Set<String> forbiddenFlags = new LinkedHashSet<>();

    /**
     * The most jobs of a task running at once across this library's workers, by task identifier. Write
     * identifiers with characters other than letters, digits and '-' in brackets, or Spring drops them:
     * graphile.worker.task-limits.[send_email]=5.
     */
    private Map<String, Integer> taskLimits = new LinkedHashMap<>();

    /** How often the queue-depth gauges are refreshed, when Micrometer is present. */
    private Duration queueDepthInterval = Duration.ofSeconds(15);

    /** @return whether to run a worker and offer the job beans */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to run a worker and offer the job beans */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the queue's schema */
    public String getSchema() {
        return schema;
    }

    /** @param schema the queue's schema */
    public void setSchema(String schema) {
        this.schema = schema;
    }

    /** @return how many jobs run at once */
    public int getConcurrency() {
        return concurrency;
    }

    /** @param concurrency how many jobs run at once */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** @return how often to look for jobs without a notification */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** @param pollInterval how often to look for jobs without a notification */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** @return the most jobs claimed ahead */
    public int getLocalQueueSize() {
        return localQueueSize;
    }

    /** @param localQueueSize the most jobs claimed ahead */
    public void setLocalQueueSize(int localQueueSize) {
        this.localQueueSize = localQueueSize;
    }

    /** @return how long a job claimed ahead may wait */
    public Duration getLocalQueueTtl() {
        return localQueueTtl;
    }

    /** @param localQueueTtl how long a job claimed ahead may wait */
    public void setLocalQueueTtl(Duration localQueueTtl) {
        this.localQueueTtl = localQueueTtl;
    }

    /** @return the most results in one statement */
    public int getCompletionBatchSize() {
        return completionBatchSize;
    }

    /** @param completionBatchSize the most results in one statement */
    public void setCompletionBatchSize(int completionBatchSize) {
        this.completionBatchSize = completionBatchSize;
    }

    /** @return how long a result may wait for others */
    public Duration getCompletionBatchDelay() {
        return completionBatchDelay;
    }

    /** @param completionBatchDelay how long a result may wait for others */
    public void setCompletionBatchDelay(Duration completionBatchDelay) {
        this.completionBatchDelay = completionBatchDelay;
    }

    /** @return the crontab text, or {@code null} */
    public String getCrontab() {
        return crontab;
    }

    /** @param crontab the crontab text */
    public void setCrontab(String crontab) {
        this.crontab = crontab;
    }

    /** @return where to read the crontab from, or {@code null} */
    public Resource getCrontabLocation() {
        return crontabLocation;
    }

    /** @param crontabLocation where to read the crontab from */
    public void setCrontabLocation(Resource crontabLocation) {
        this.crontabLocation = crontabLocation;
    }

    /** @return the crontab's time zone */
    public ZoneId getCronTimeZone() {
        return cronTimeZone;
    }

    /** @param cronTimeZone the crontab's time zone */
    public void setCronTimeZone(ZoneId cronTimeZone) {
        this.cronTimeZone = cronTimeZone;
    }

    /** @return how long a worker may be gone before its jobs are freed */
    public Duration getDeadWorkerRecoveryTime() {
        return deadWorkerRecoveryTime;
    }

    /** @param deadWorkerRecoveryTime how long a worker may be gone before its jobs are freed */
    public void setDeadWorkerRecoveryTime(Duration deadWorkerRecoveryTime) {
        this.deadWorkerRecoveryTime = deadWorkerRecoveryTime;
    }

    /** @return how long to keep the history of finished jobs, or {@code null} for none */
    public Duration getKeepHistory() {
        return keepHistory;
    }

    /** @param keepHistory how long to keep the history of finished jobs */
    public void setKeepHistory(Duration keepHistory) {
        this.keepHistory = keepHistory;
    }

    /** @return the most jobs of each limited task running at once, by task identifier */
    public Map<String, Integer> getTaskLimits() {
        return taskLimits;
    }

    /** @param taskLimits the most jobs of each limited task running at once, by task identifier */
    public void setTaskLimits(Map<String, Integer> taskLimits) {
        this.taskLimits = taskLimits;
    }

    /** @return how long running jobs may take to finish at stop */
    public Duration getShutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    /** @param shutdownGracePeriod how long running jobs may take to finish at stop */
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }

    /** @return whether to migrate the schema at start */
    public boolean isRunMigrations() {
        return runMigrations;
    }

    /** @param runMigrations whether to migrate the schema at start */
    public void setRunMigrations(boolean runMigrations) {
        this.runMigrations = runMigrations;
    }

    /** @return whether a claim's commit waits for the disk */
    public boolean isDurableClaims() {
        return durableClaims;
    }

    /** @param durableClaims whether a claim's commit waits for the disk */
    public void setDurableClaims(boolean durableClaims) {
        this.durableClaims = durableClaims;
    }

    /** @return whether the LISTEN connection is opened beside the pool */
    public boolean isDedicatedListenConnection() {
        return dedicatedListenConnection;
    }

    /** @param dedicatedListenConnection whether the LISTEN connection is opened beside the pool */
    public void setDedicatedListenConnection(boolean dedicatedListenConnection) {
        this.dedicatedListenConnection = dedicatedListenConnection;
    }

    /** @return the flags whose jobs this worker leaves alone */
    public Set<String> getForbiddenFlags() {
        return forbiddenFlags;
    }

    /** @param forbiddenFlags the flags whose jobs this worker leaves alone */
    public void setForbiddenFlags(Set<String> forbiddenFlags) {
        this.forbiddenFlags = forbiddenFlags;
    }

    /** @return how often the queue-depth gauges are refreshed */
    public Duration getQueueDepthInterval() {
        return queueDepthInterval;
    }

    /** @param queueDepthInterval how often the queue-depth gauges are refreshed */
    public void setQueueDepthInterval(Duration queueDepthInterval) {
        this.queueDepthInterval = queueDepthInterval;
    }
}
