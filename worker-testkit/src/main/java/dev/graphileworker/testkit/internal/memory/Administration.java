package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.ActionResult.Refusal;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.domain.LockTimeout;
import dev.graphileworker.domain.Queue;
import dev.graphileworker.domain.admin.ActionRules;
import dev.graphileworker.domain.admin.ActivityWindow;
import dev.graphileworker.domain.admin.JobStates;
import dev.graphileworker.domain.admin.PageCursor;
import dev.graphileworker.domain.worker.WorkerIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The operators' administration over a {@link JobTable}, as the PostgreSQL adapter does it in SQL.
 * Not thread-safe by itself: the queue calls it inside its lock, one call being one transaction.
 */
public final class Administration {

    private final JobTable table;
    private final JobHistoryTable history;

    /**
     * @param table the tables to read and change
     * @param history the history of finished jobs, read only
     */
    public Administration(JobTable table, JobHistoryTable history) {
        this.table = table;
        this.history = history;
    }

    /** Listing: keyset pages on the id, as the adapter's {@code order by id} with {@code id <} the cursor. */
    public JobPage jobs(JobFilter filter, PageRequest page, Instant now) {
        boolean newestFirst = page.order() == PageRequest.Order.NEWEST_FIRST;
        Optional<Long> after = page.after().map(PageCursor::lastJobId);
        Stream<StoredJob> ordered = newestFirst
                ? table.all().stream().sorted(Comparator.comparingLong((StoredJob job) -> job.id).reversed())
                : table.all().stream();
        List<JobView> jobs = ordered
                .filter(job -> after.isEmpty() || (newestFirst ? job.id < after.get() : job.id > after.get()))
                .filter(job -> matches(filter, job, now))
                .limit(page.limit() + 1L)
                .map(job -> view(job, now))
                .toList();
        if (jobs.size() <= page.limit()) {
            return new JobPage(jobs, Optional.empty());
        }
        List<JobView> shown = jobs.subList(0, page.limit());
        return new JobPage(shown, Optional.of(PageCursor.after(shown.get(shown.size() - 1).job().id())));
    }

    /** The jobs {@link #jobs} would list over all its pages. */
    public long count(JobFilter filter, Instant now) {
        return table.all().stream().filter(job -> matches(filter, job, now)).count();
    }

    /**
     * From the history when it is kept, else each job with a last error once, in the minute of its
     * {@code updated_at}: as the adapter counts them in SQL.
     */
    public Activity activity(Duration window, Instant now) {
        ActivityWindow minutes = ActivityWindow.endingAt(now, window);
        long[] failed = new long[minutes.minutes()];
        if (history.isKept()) {
            long[] completed = new long[minutes.minutes()];
            for (HistoryEntry entry : history.entries()) {
                int minute = minutes.minuteOf(entry.finishedAt());
                if (minute >= 0) {
                    (entry.outcome() == HistoryEntry.Outcome.COMPLETED ? completed : failed)[minute]++;
                }
            }
            return minutes.fromHistory(completed, failed);
        }
        for (StoredJob job : table.all()) {
            int minute = minutes.minuteOf(job.updatedAt);
            if (job.lastError != null && minute >= 0) {
                failed[minute]++;
            }
        }
        return minutes.observed(failed);
    }

    /** The history's page, empty while it is not kept. */
    public HistoryPage history(JobFilter filter, PageRequest page) {
        return history.page(filter, page);
    }

    public Optional<JobView> job(long id, Instant now) {
        return table.withIds(List.of(id)).stream().findFirst().map(job -> view(job, now));
    }

    public Optional<JobView> jobByKey(String key, Instant now) {
        return table.withKey(key).map(job -> view(job, now));
    }

    /** Retry: due now; a permanently failed job gets one more attempt unless its attempts start over. */
    public ActionResult retry(JobSelection selection, boolean resetAttempts, boolean force, Instant now) {
        return act(selection, force, now, job -> {
            if (resetAttempts) {
                job.attempts = 0;
            } else if (job.attempts >= job.maxAttempts) {
                job.maxAttempts = job.attempts + 1;
            }
            job.runAt = now;
            job.updatedAt = now;
        });
    }

    /** reschedule_jobs with a run time only. */
    public ActionResult reschedule(JobSelection selection, Instant runAt, boolean force, Instant now) {
        return act(selection, force, now, job -> {
            job.runAt = runAt;
            job.updatedAt = now;
        });
    }

    /** complete_jobs: a delete. */
    public ActionResult remove(JobSelection selection, boolean force, Instant now) {
        return act(selection, force, now, table::delete);
    }

    /** permanently_fail_jobs. */
    public ActionResult failPermanently(JobSelection selection, String reason, boolean force, Instant now) {
        return act(selection, force, now, job -> {
            job.lastError = reason;
            job.attempts = job.maxAttempts;
            job.updatedAt = now;
        });
    }

    /** Releases every lock of the selected jobs, however old, and the queues their workers hold for them. */
    public ActionResult unlock(JobSelection selection, Instant now) {
        ActionRules.requireMeant(selection, false);
        List<StoredJob> targets = targets(selection, now);
        List<Long> changed = new ArrayList<>();
        for (StoredJob job : targets) {
            if (job.lockedBy != null) {
                release(job);
                changed.add(job.id);
            }
        }
        return new ActionResult(changed, List.of(), missing(selection, targets));
    }

    public boolean unlockQueue(String queueName) {
        Optional<Queue> queue = table.queues().stream().filter(q -> q.name().equals(queueName)).findFirst();
        if (queue.isEmpty() || queue.get().lockedAt() == null) {
            return false;
        }
        table.unlockQueueIfHeldBy(queueName, queue.get().lockedBy());
        return true;
    }

    public List<QueueView> queues(Instant now) {
        return table.queues().stream().map(queue -> new QueueView(queue.name(),
                table.all().stream().filter(job -> queue.name().equals(job.queueName))
                        .filter(job -> job.attempts < job.maxAttempts && !job.isLocked(LockTimeout.staleBefore(now)))
                        .count(),
                Optional.ofNullable(queue.lockedBy()), Optional.ofNullable(queue.lockedAt()))).toList();
    }

    public List<TaskView> tasks(Instant now) {
        Map<String, Map<JobState, Long>> counts = new TreeMap<>();
        for (StoredJob job : table.all()) {
            counts.computeIfAbsent(job.taskIdentifier, task -> new EnumMap<>(JobState.class))
                    .merge(JobStates.of(job.toRow(), now), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(task -> new TaskView(task.getKey(), task.getValue())).toList();
    }

    /**
     * @param openSessions the workers whose session is open now
     * @return every lock holder, however old its locks
     */
    public List<WorkerView> workers(Set<String> openSessions) {
        Map<String, List<Long>> jobs = new TreeMap<>();
        Map<String, List<String>> queues = new TreeMap<>();
        table.all().stream().filter(job -> job.lockedBy != null)
                .forEach(job -> jobs.computeIfAbsent(job.lockedBy, worker -> new ArrayList<>()).add(job.id));
        table.queues().stream().filter(queue -> queue.lockedBy() != null)
                .forEach(queue -> queues.computeIfAbsent(queue.lockedBy(), worker -> new ArrayList<>()).add(queue.name()));
        Set<String> holders = new java.util.TreeSet<>(jobs.keySet());
        holders.addAll(queues.keySet());
        return holders.stream().map(worker -> new WorkerView(worker, jobs.getOrDefault(worker, List.of()),
                queues.getOrDefault(worker, List.of()),
                WorkerIds.promisesSession(worker) ? Optional.of(openSessions.contains(worker)) : Optional.empty()))
                .toList();
    }

    private ActionResult act(JobSelection selection, boolean force, Instant now, Consumer<StoredJob> change) {
        ActionRules.requireMeant(selection, force);
        List<StoredJob> targets = targets(selection, now);
        List<Long> changed = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (StoredJob job : targets) {
            if (job.isLocked(LockTimeout.staleBefore(now)) && !force) {
                refused.add(ActionRules.lockedBy(job.id, job.lockedBy, job.lockedAt));
                continue;
            }
            release(job);
            change.accept(job);
            changed.add(job.id);
        }
        return new ActionResult(changed, refused, missing(selection, targets));
    }

    /** The job's lock, and its queue's when the same worker holds it for the job. */
    private void release(StoredJob job) {
        if (job.lockedBy != null) {
            table.unlockQueueIfHeldBy(job.queueName, job.lockedBy);
            job.unlock();
        }
    }

    private List<StoredJob> targets(JobSelection selection, Instant now) {
        if (selection instanceof JobSelection.Ids ids) {
            return table.withIds(ids.ids());
        }
        JobFilter filter = ((JobSelection.Matching) selection).filter();
        return table.all().stream().filter(job -> matches(filter, job, now)).toList();
    }

    private List<Long> missing(JobSelection selection, List<StoredJob> found) {
        if (!(selection instanceof JobSelection.Ids ids)) {
            return List.of();
        }
        Set<Long> missing = new LinkedHashSet<>(ids.ids());
        found.forEach(job -> missing.remove(job.id));
        return List.copyOf(missing);
    }

    private static boolean matches(JobFilter filter, StoredJob job, Instant now) {
        return (filter.states().isEmpty() || filter.states().contains(JobStates.of(job.toRow(), now)))
                && filter.taskIdentifier().map(job.taskIdentifier::equals).orElse(true)
                && filter.queueName().map(queue -> queue.equals(job.queueName)).orElse(true)
                && filter.jobKey().map(key -> key.equals(job.key)).orElse(true)
                && filter.flag().map(flag -> job.flags != null && job.flags.contains(flag)).orElse(true)
                && filter.errorContaining().map(text -> job.lastError != null
                        && job.lastError.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
                        .orElse(true);
    }

    private static JobView view(StoredJob job, Instant now) {
        return new JobView(job.toRow(), JobStates.of(job.toRow(), now));
    }
}
