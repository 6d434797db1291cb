package dev.graphileworker.testkit;

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
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.admin.ActivityWindow;
import dev.graphileworker.domain.admin.CrontabItems;
import dev.graphileworker.domain.admin.PageCursor;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.testkit.internal.memory.Administration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link QueueAdministration} of an {@link InMemoryJobQueue}: every call is atomic, as one transaction
 * is on PostgreSQL, and reads the queue's clock once for {@code now()}.
 */
final class InMemoryQueueAdministration implements QueueAdministration {

    /** Runs a call under the queue's lock with the queue's {@code now()}. */
    interface Atomically {
        <T> T run(Function<Instant, T> call);
    }

    private final Atomically atomically;
    private final Administration administration;
    private final Supplier<Set<String>> openSessions;
    private final CronStore cronStore;

    InMemoryQueueAdministration(Atomically atomically, Administration administration,
            Supplier<Set<String>> openSessions, CronStore cronStore) {
        this.atomically = atomically;
        this.administration = administration;
        this.openSessions = openSessions;
        this.cronStore = cronStore;
    }

    @Override
    public long count(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return atomically.run(now -> administration.count(filter, now));
    }

    @Override
    public JobPage jobs(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        page.after().ifPresent(PageCursor::lastJobId);
        return atomically.run(now -> administration.jobs(filter, page, now));
    }

    @Override
    public Optional<JobView> job(long id) {
        return atomically.run(now -> administration.job(id, now));
    }

    @Override
    public Optional<JobView> jobByKey(String key) {
        Objects.requireNonNull(key, "key");
        return atomically.run(now -> administration.jobByKey(key, now));
    }

    @Override
    public ActionResult retry(JobSelection selection, boolean resetAttempts, boolean force) {
        Objects.requireNonNull(selection, "selection");
        return atomically.run(now -> administration.retry(selection, resetAttempts, force, now));
    }

    @Override
    public ActionResult reschedule(JobSelection selection, Instant runAt, boolean force) {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(runAt, "runAt");
        return atomically.run(now -> administration.reschedule(selection, runAt, force, now));
    }

    @Override
    public ActionResult remove(JobSelection selection, boolean force) {
        Objects.requireNonNull(selection, "selection");
        return atomically.run(now -> administration.remove(selection, force, now));
    }

    @Override
    public ActionResult failPermanently(JobSelection selection, String reason, boolean force) {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(reason, "reason");
        return atomically.run(now -> administration.failPermanently(selection, reason, force, now));
    }

    @Override
    public ActionResult unlock(JobSelection selection) {
        Objects.requireNonNull(selection, "selection");
        return atomically.run(now -> administration.unlock(selection, now));
    }

    @Override
    public boolean unlockQueue(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return atomically.run(now -> administration.unlockQueue(queueName));
    }

    @Override
    public List<QueueView> queues() {
        return atomically.run(administration::queues);
    }

    @Override
    public List<TaskView> tasks() {
        return atomically.run(administration::tasks);
    }

    @Override
    public List<WorkerView> workers() {
        Set<String> sessions = openSessions.get();
        return atomically.run(now -> administration.workers(sessions));
    }

    /** Empty pages until the queue keeps history. */
    @Override
    public HistoryPage history(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        return atomically.run(now -> administration.history(filter, page));
    }

    @Override
    public Activity activity(Duration window) {
        ActivityWindow.check(window);
        return atomically.run(now -> administration.activity(window, now));
    }

    /**
     * The known items are read outside the queue's lock: a tick holds the cron store's lock while it
     * adds its jobs under the queue's.
     */
    @Override
    public List<CronItemView> crontab(String crontabText, ZoneId defaultZone) {
        Crontab crontab = CrontabItems.parse(crontabText, defaultZone);
        List<KnownCrontab> known = cronStore.knownCrontabs();
        return CrontabItems.views(crontab, known, atomically.run(now -> now));
    }
}
