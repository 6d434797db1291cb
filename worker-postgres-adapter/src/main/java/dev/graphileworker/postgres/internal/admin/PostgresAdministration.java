package dev.graphileworker.postgres.internal.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.domain.admin.ActionRules;
import dev.graphileworker.domain.admin.ActivityWindow;
import dev.graphileworker.domain.admin.CrontabItems;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresCronStore;
import dev.graphileworker.postgres.internal.sql.PostgresHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link QueueAdministration} in SQL on the schema's tables: each call is one transaction on a pooled
 * connection. See {@code docs/administration.md} for the indexes each listing uses. A crontab's next
 * runs are reckoned on the given clock, as a worker's cron scheduler reckons its ticks; everything else
 * on the database's {@code now()}.
 */
public final class PostgresAdministration implements QueueAdministration {

    private final Transactions transactions;
    private final JobConditions conditions;
    private final JobListing listing;
    private final JobActions actions;
    private final QueueOverview overview;
    private final PostgresHistory history;
    private final JobActivity activity;
    private final CronStore cronStore;
    private final Clock clock;

    /**
     * An administration whose crontab views read the schema's known cron items and the system clock.
     *
     * @param dataSource where every call runs
     * @param schema the quoted schema name
     * @param jobRows reads jobs
     * @param sessions tells which of this library's workers have a live session
     */
    public PostgresAdministration(DataSource dataSource, String schema, JobRows jobRows, WorkerSessions sessions) {
        this(dataSource, schema, jobRows, sessions, new PostgresCronStore(dataSource, schema, oneMapper()),
                Clock.systemUTC());
    }

    /**
     * @param dataSource where every call runs
     * @param schema the quoted schema name
     * @param jobRows reads jobs
     * @param sessions tells which of this library's workers have a live session
     * @param cronStore the schema's known cron items (only read)
     * @param clock the workers' clock, for the next runs of cron items
     */
    public PostgresAdministration(DataSource dataSource, String schema, JobRows jobRows, WorkerSessions sessions,
            CronStore cronStore, Clock clock) {
        this.transactions = new Transactions(dataSource);
        this.conditions = new JobConditions(schema);
        this.listing = new JobListing(schema, jobRows);
        this.actions = new JobActions(schema, conditions);
        this.overview = new QueueOverview(schema, sessions);
        this.history = PostgresHistory.ofQuotedSchema(dataSource, schema);
        this.activity = new JobActivity(schema, history);
        this.cronStore = Objects.requireNonNull(cronStore, "cronStore");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public JobPage jobs(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        JobListing.checkCursor(page);
        return transactions.run("list jobs", connection -> listing.page(connection, conditions.of(filter), page));
    }

    @Override
    public long count(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return transactions.run("count jobs", connection -> listing.count(connection, conditions.of(filter)));
    }

    @Override
    public Optional<JobView> job(long id) {
        return transactions.run("read job " + id,
                connection -> listing.one(connection, SqlCondition.of("j.id = ?", SqlParameter.number(id))));
    }

    @Override
    public Optional<JobView> jobByKey(String key) {
        Objects.requireNonNull(key, "key");
        return transactions.run("read the job with key '" + key + "'",
                connection -> listing.one(connection, SqlCondition.of("j.key = ?", SqlParameter.text(key))));
    }

    @Override
    public ActionResult retry(JobSelection selection, boolean resetAttempts, boolean force) {
        return act("retry jobs", selection, force, actions.retry(resetAttempts));
    }

    @Override
    public ActionResult reschedule(JobSelection selection, Instant runAt, boolean force) {
        Objects.requireNonNull(runAt, "runAt");
        return act("reschedule jobs", selection, force, actions.reschedule(runAt));
    }

    @Override
    public ActionResult remove(JobSelection selection, boolean force) {
        return act("remove jobs", selection, force, actions.remove());
    }

    @Override
    public ActionResult failPermanently(JobSelection selection, String reason, boolean force) {
        Objects.requireNonNull(reason, "reason");
        return act("fail jobs permanently", selection, force, actions.failPermanently(reason));
    }

    @Override
    public ActionResult unlock(JobSelection selection) {
        ActionRules.requireMeant(Objects.requireNonNull(selection, "selection"), false);
        return transactions.run("unlock jobs", connection -> actions.unlock(connection, selection));
    }

    @Override
    public boolean unlockQueue(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return transactions.run("unlock queue '" + queueName + "'",
                connection -> actions.unlockQueue(connection, queueName));
    }

    @Override
    public List<QueueView> queues() {
        return transactions.run("list the queues", overview::queues);
    }

    @Override
    public List<TaskView> tasks() {
        return transactions.run("count the jobs of each task", overview::tasks);
    }

    @Override
    public List<WorkerView> workers() {
        return transactions.run("list the workers holding locks", overview::workers);
    }

    /** Empty pages when no worker ever kept history in this schema. */
    @Override
    public HistoryPage history(JobFilter filter, PageRequest page) {
        return history.page(filter, page);
    }

    /** From the history table when there is one, else the failures the jobs table still shows. */
    @Override
    public Activity activity(Duration window) {
        ActivityWindow.check(window);
        return transactions.run("count the jobs completed and failed per minute",
                connection -> activity.read(connection, window));
    }

    @Override
    public List<CronItemView> crontab(String crontabText, ZoneId defaultZone) {
        Crontab crontab = CrontabItems.parse(crontabText, defaultZone);
        return CrontabItems.views(crontab, cronStore.knownCrontabs(), clock.instant());
    }

    private ActionResult act(String what, JobSelection selection, boolean force, JobActions.Change change) {
        ActionRules.requireMeant(Objects.requireNonNull(selection, "selection"), force);
        return transactions.run(what, connection -> actions.act(connection, selection, force, change));
    }

    private static Supplier<ObjectMapper> oneMapper() {
        ObjectMapper mapper = new ObjectMapper();
        return () -> mapper;
    }
}
