package dev.graphileworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.time.ZoneId;
import java.time.Duration;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.api.admin.Activity;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small {@link QueueAdministration} for testing the commands' parsing and output in process: jobs
 * with fixed states, paging by id, and actions that record what they were asked and remove or mark
 * the jobs they acted on. Locked jobs are refused unless forced, as the real ones do.
 */
final class FakeAdministration implements QueueAdministration {

    static final Instant NOW = Instant.parse("2030-01-01T09:00:00.123Z");

    /** A job as the fake keeps it. */
    record FakeJob(long id, Optional<String> queueName, String taskIdentifier, JsonNode payload, int priority,
            Instant runAt, int attempts, int maxAttempts, Optional<String> lastError, Optional<String> key,
            int revision, Set<String> flags, Instant createdAt, Instant updatedAt, Optional<Instant> lockedAt,
            Optional<String> lockedBy) implements Job {
    }

    final TreeMap<Long, JobView> jobs = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    List<QueueView> queues = List.of();
    List<WorkerView> workers = List.of();

    FakeAdministration add(long id, String task, JobState state, String payload, String lastError) {
        JsonNode json = payload == null ? JsonNodeFactory.instance.objectNode()
                : JsonNodeFactory.instance.textNode(payload);
        boolean locked = state == JobState.LOCKED;
        FakeJob job = new FakeJob(id, Optional.empty(), task, json, 0, NOW, state == JobState.PERMANENTLY_FAILED ? 25
                : lastError == null ? 0 : 1, 25, Optional.ofNullable(lastError), Optional.empty(), 0, Set.of(),
                NOW, NOW, locked ? Optional.of(NOW) : Optional.empty(),
                locked ? Optional.of("worker-x") : Optional.empty());
        jobs.put(id, new JobView(job, state));
        return this;
    }

    @Override
    public JobPage jobs(JobFilter filter, PageRequest page) {
        calls.add("jobs");
        long after;
        try {
            after = page.after().map(Long::parseLong).orElse(page.order() == PageRequest.Order.NEWEST_FIRST
                    ? Long.MAX_VALUE : Long.MIN_VALUE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of this listing: " + page.after().get());
        }
        List<JobView> matching = jobs.values().stream().filter(view -> matches(filter, view))
                .filter(view -> page.order() == PageRequest.Order.NEWEST_FIRST ? view.job().id() < after
                        : view.job().id() > after)
                .sorted(page.order() == PageRequest.Order.OLDEST_FIRST
                        ? Comparator.comparingLong((JobView view) -> view.job().id())
                        : Comparator.comparingLong((JobView view) -> view.job().id()).reversed())
                .toList();
        List<JobView> shown = matching.stream().limit(page.limit()).toList();
        return new JobPage(shown, matching.size() > page.limit()
                ? Optional.of(Long.toString(shown.get(shown.size() - 1).job().id())) : Optional.empty());
    }

    private static boolean matches(JobFilter filter, JobView view) {
        Job job = view.job();
        return (filter.states().isEmpty() || filter.states().contains(view.state()))
                && filter.taskIdentifier().map(job.taskIdentifier()::equals).orElse(true)
                && filter.queueName().map(queue -> job.queueName().equals(Optional.of(queue))).orElse(true)
                && filter.jobKey().map(key -> job.key().equals(Optional.of(key))).orElse(true)
                && filter.flag().map(job.flags()::contains).orElse(true)
                && filter.errorContaining().map(text -> job.lastError().map(error -> error.toLowerCase(Locale.ROOT)
                        .contains(text.toLowerCase(Locale.ROOT))).orElse(false)).orElse(true);
    }

    @Override
    public Optional<JobView> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public Optional<JobView> jobByKey(String key) {
        return jobs.values().stream().filter(view -> view.job().key().equals(Optional.of(key))).findFirst();
    }

    private ActionResult act(String action, JobSelection selection, boolean force) {
        calls.add(action + " " + selection);
        List<Long> ids;
        if (selection instanceof JobSelection.Ids given) {
            ids = given.ids();
        } else {
            JobFilter filter = ((JobSelection.Matching) selection).filter();
            if (filter.matchesEverything() && !force) {
                throw new IllegalArgumentException("A filter that matches every job needs force");
            }
            ids = jobs.values().stream().filter(view -> matches(filter, view)).map(view -> view.job().id()).toList();
        }
        List<Long> changed = new ArrayList<>();
        List<ActionResult.Refusal> refused = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long id : ids) {
            JobView view = jobs.get(id);
            if (view == null) {
                missing.add(id);
            } else if (view.state() == JobState.LOCKED && !force && !action.equals("unlock")) {
                refused.add(new ActionResult.Refusal(id, "locked by worker-x since " + NOW));
            } else if (!action.equals("unlock") || view.state() == JobState.LOCKED) {
                changed.add(id);
            }
        }
        return new ActionResult(changed, refused, missing);
    }

    @Override
    public ActionResult retry(JobSelection selection, boolean resetAttempts, boolean force) {
        return act("retry" + (resetAttempts ? " reset" : ""), selection, force);
    }

    @Override
    public ActionResult reschedule(JobSelection selection, Instant runAt, boolean force) {
        return act("reschedule " + runAt, selection, force);
    }

    @Override
    public ActionResult remove(JobSelection selection, boolean force) {
        ActionResult result = act("remove", selection, force);
        result.changed().forEach(jobs::remove);
        return result;
    }

    @Override
    public ActionResult failPermanently(JobSelection selection, String reason, boolean force) {
        return act("fail " + reason, selection, force);
    }

    @Override
    public ActionResult unlock(JobSelection selection) {
        return act("unlock", selection, false);
    }

    @Override
    public boolean unlockQueue(String queueName) {
        calls.add("unlockQueue " + queueName);
        return queues.stream().anyMatch(queue -> queue.name().equals(queueName) && queue.lockedBy().isPresent());
    }

    @Override
    public List<QueueView> queues() {
        return queues;
    }

    @Override
    public List<TaskView> tasks() {
        return List.of();
    }

    @Override
    public List<WorkerView> workers() {
        return workers;
    }

    @Override
    public HistoryPage history(JobFilter filter, PageRequest page) {
        return new HistoryPage(List.of(), Optional.empty());
    }

    @Override
    public long count(JobFilter filter) {
        calls.add("count");
        return jobs.values().stream().filter(view -> matches(filter, view)).count();
    }

    /** The commands do not show activity. */
    @Override
    public Activity activity(Duration window) {
        throw new UnsupportedOperationException("not used by the commands");
    }

    /** The commands do not show cron items. */
    @Override
    public List<CronItemView> crontab(String crontabText, ZoneId defaultZone) {
        throw new UnsupportedOperationException("not used by the commands");
    }
}
