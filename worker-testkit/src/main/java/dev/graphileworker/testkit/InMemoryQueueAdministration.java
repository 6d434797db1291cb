package dev.graphileworker.testkit;

import dev.graphileworker.api.admin.ActionResult;
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
import dev.graphileworker.domain.admin.PageCursor;
import dev.graphileworker.testkit.internal.memory.Administration;
import java.time.Instant;
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

    InMemoryQueueAdministration(Atomically atomically, Administration administration,
            Supplier<Set<String>> openSessions) {
        this.atomically = atomically;
        this.administration = administration;
        this.openSessions = openSessions;
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

    /** No history is kept in memory yet: the history of finished jobs will answer here. */
    @Override
    public HistoryPage history(JobFilter filter, PageRequest page) {
        return new HistoryPage(List.of(), Optional.empty());
    }
}
