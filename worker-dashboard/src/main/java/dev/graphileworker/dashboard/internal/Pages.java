package dev.graphileworker.dashboard.internal;

import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.dashboard.BadRequestException;
import dev.graphileworker.dashboard.DashboardRequest;
import dev.graphileworker.dashboard.internal.Views.Choice;
import dev.graphileworker.dashboard.internal.Views.Field;
import dev.graphileworker.dashboard.internal.Views.FilterForm;
import dev.graphileworker.dashboard.internal.Views.Frame;
import dev.graphileworker.dashboard.internal.Views.HistoryRow;
import dev.graphileworker.dashboard.internal.Views.JobRow;
import dev.graphileworker.dashboard.internal.Views.Link;
import dev.graphileworker.dashboard.internal.Views.QueueRow;
import dev.graphileworker.dashboard.internal.Views.StateCount;
import dev.graphileworker.dashboard.internal.Views.TaskRow;
import dev.graphileworker.dashboard.internal.Views.WorkerRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Builds each page's view from the {@link QueueAdministration}; never writes to the queue. */
public final class Pages {

    /** Query parameters of the jobs page, in the order its links write them. */
    static final List<String> JOB_PARAMETERS = Stream.concat(FilterParameters.NAMES.stream(),
            Stream.of("order", "limit", "after")).toList();
    /** How many history entries of a task the job page looks through for the job's own. */
    static final int HISTORY_LOOKUP = PageRequest.MAX_LIMIT;
    private static final int SHORT_TEXT = 80;

    /** How far back the overview's chart of completed and failed jobs goes. */
    static final Duration ACTIVITY_WINDOW = Duration.ofHours(1);

    private final QueueAdministration administration;
    private final Readings readings;
    private final Settings settings;
    private final String basePath;
    private final Clock clock;

    /**
     * @param administration the queue
     * @param readings the reads of the whole queue, shared by pages
     * @param settings how the dashboard was built
     */
    public Pages(QueueAdministration administration, Readings readings, Settings settings) {
        this.administration = administration;
        this.readings = readings;
        this.settings = settings;
        this.basePath = settings.basePath();
        this.clock = settings.clock();
    }

    /** @return the frame of a page */
    public Frame frame(String title, String section) {
        return new Frame(title, section, basePath, settings.refreshSeconds(), settings.actionsAllowed(),
                settings.csrfToken());
    }

    /** @return the overview: counts by state and task, workers holding locks */
    public Views.Overview overview() {
        Snapshot.Taken<List<TaskView>> taken = readings.tasks();
        List<TaskView> tasks = taken.value();
        Map<JobState, Long> totals = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            totals.put(state, 0L);
        }
        List<TaskRow> rows = new ArrayList<>();
        for (TaskView task : tasks) {
            List<StateCount> counts = new ArrayList<>();
            for (JobState state : JobState.values()) {
                long count = task.counts().get(state);
                totals.merge(state, count, Long::sum);
                counts.add(new StateCount(state.label(), count,
                        jobsHref(Map.of("task", List.of(task.identifier()), "state", List.of(state.label())))));
            }
            rows.add(new TaskRow(task.identifier(), jobsHref(Map.of("task", List.of(task.identifier()))), counts,
                    task.total()));
        }
        List<StateCount> states = new ArrayList<>();
        for (JobState state : JobState.values()) {
            states.add(new StateCount(state.label(), totals.get(state),
                    jobsHref(Map.of("state", List.of(state.label())))));
        }
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        List<String> names = states.stream().map(StateCount::state).toList();
        String countedAt = "Counted " + time(taken.at()) + " in " + taken.took().toMillis() + " ms.";
        return new Views.Overview(frame("Overview", "overview"), states, total, names, rows, workerRows(), countedAt,
                ActivityCharts.draw(readings.activity().value(), clock.getZone()));
    }

    /** @return the jobs page for the filter and page the query names */
    public Views.Jobs jobs(DashboardRequest request) {
        FilterParameters filterParameters = FilterParameters.parse(request::values);
        JobFilter filter = filterParameters.filter();
        Set<JobState> states = filterParameters.states();
        String order = single(request, "order");
        PageRequest.Order pageOrder = switch (order) {
            case "", "newest" -> PageRequest.Order.NEWEST_FIRST;
            case "oldest" -> PageRequest.Order.OLDEST_FIRST;
            default -> throw new BadRequestException("Unknown order '" + order + "': use newest or oldest");
        };
        int limit = limit(single(request, "limit"));
        String after = single(request, "after");
        PageRequest page = new PageRequest(pageOrder, limit, after.isEmpty() ? Optional.empty() : Optional.of(after));
        JobPage result = administration.jobs(filter, page);

        Map<String, List<String>> kept = new LinkedHashMap<>(filterParameters.parameters());
        if (!order.isEmpty()) {
            kept.put("order", List.of(order));
        }
        String limitText = single(request, "limit");
        if (!limitText.isEmpty()) {
            kept.put("limit", List.of(limitText));
        }
        Optional<String> next = result.nextCursor().map(cursor -> {
            Map<String, List<String>> withCursor = new LinkedHashMap<>(kept);
            withCursor.put("after", List.of(cursor));
            return jobsHref(withCursor);
        });
        Optional<String> first = after.isEmpty() ? Optional.empty() : Optional.of(jobsHref(kept));
        List<JobRow> rows = result.jobs().stream().map(this::row).toList();
        String summary = rows.isEmpty() ? "No jobs match."
                : (rows.size() == 1 ? "1 job" : rows.size() + " jobs") + (after.isEmpty() ? "" : " (a later page)")
                        + (next.isPresent() ? "; more on the next page." : ".");

        List<Choice> stateChoices = new ArrayList<>();
        for (JobState state : JobState.values()) {
            stateChoices.add(new Choice(state.label(), state.label().replace('_', ' '), states.contains(state)));
        }
        List<Choice> orders = List.of(new Choice("newest", "newest first", pageOrder == PageRequest.Order.NEWEST_FIRST),
                new Choice("oldest", "oldest first", pageOrder == PageRequest.Order.OLDEST_FIRST));
        FilterForm form = new FilterForm(stateChoices, filterParameters.value("task"), filterParameters.value("queue"),
                filterParameters.value("key"), filterParameters.value("flag"), filterParameters.value("error"), orders,
                String.valueOf(limit));
        List<Views.Hidden> filterFields = new ArrayList<>();
        filterParameters.parameters().forEach((name, values) -> values.forEach(
                value -> filterFields.add(new Views.Hidden(name, value))));
        return new Views.Jobs(frame("Jobs", "jobs"), basePath + "/jobs", form, summary, rows, next, first,
                basePath + "/jobs", filterFields, basePath + "/jobs/actions");
    }

    /** @return one job in full, or empty when it is neither in the queue nor in its history */
    public Optional<Views.JobDetail> job(String idText) {
        long id = jobId(idText);
        Optional<JobView> found = administration.job(id);
        List<HistoryEntry> history = history(id, found.map(view -> view.job().taskIdentifier()));
        if (found.isEmpty() && history.isEmpty()) {
            return Optional.empty();
        }
        List<HistoryRow> historyRows = history.stream()
                .map(entry -> new HistoryRow(entry.entryId(), entry.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' '), time(entry.finishedAt()), entry.runTime().toMillis() + " ms",
                        entry.attempts(), entry.workerId(), entry.lastError().orElse("")))
                .toList();
        String listHref = basePath + "/jobs";
        if (found.isEmpty()) {
            HistoryEntry last = history.get(0);
            List<Field> fields = List.of(new Field("id", String.valueOf(id)),
                    new Field("task_identifier", last.taskIdentifier()),
                    new Field("queue_name", last.queueName().orElse("")), new Field("key", last.key().orElse("")),
                    new Field("state", "finished: no longer in the queue"));
            return Optional.of(new Views.JobDetail(frame("Job " + id, "jobs"), id, Optional.empty(), fields,
                    Optional.of(last.payload().toPrettyString()), last.lastError(), true, historyRows, listHref));
        }
        Job job = found.get().job();
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("id", String.valueOf(job.id())));
        fields.add(new Field("state", found.get().state().label()));
        fields.add(new Field("task_identifier", job.taskIdentifier()));
        fields.add(new Field("queue_name", job.queueName().orElse("")));
        fields.add(new Field("key", job.key().orElse("")));
        fields.add(new Field("priority", String.valueOf(job.priority())));
        fields.add(new Field("run_at", time(job.runAt())));
        fields.add(new Field("attempts", String.valueOf(job.attempts())));
        fields.add(new Field("max_attempts", String.valueOf(job.maxAttempts())));
        fields.add(new Field("flags", String.join(", ", new TreeSet<>(job.flags()))));
        fields.add(new Field("locked_by", job.lockedBy().orElse("")));
        fields.add(new Field("locked_at", job.lockedAt().map(this::time).orElse("")));
        fields.add(new Field("created_at", time(job.createdAt())));
        fields.add(new Field("updated_at", time(job.updatedAt())));
        fields.add(new Field("revision", String.valueOf(job.revision())));
        return Optional.of(new Views.JobDetail(frame("Job " + id, "jobs"), id, Optional.of(found.get().state().label()),
                fields, Optional.of(job.payload().toPrettyString()), job.lastError(), !history.isEmpty(), historyRows,
                listHref));
    }

    /** @return a time zone's name as people write it: {@code UTC} rather than {@code Z} */
    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /**
     * @param idText a job's id as a path gives it
     * @return the id
     * @throws BadRequestException when it is not a number
     */
    static long jobId(String idText) {
        try {
            return Long.parseLong(idText);
        } catch (NumberFormatException notANumber) {
            throw new BadRequestException("A job id is a whole number, not '" + idText + "'");
        }
    }

    private List<HistoryEntry> history(long id, Optional<String> task) {
        JobFilter filter = task.map(JobFilter.all()::withTask).orElse(JobFilter.all());
        HistoryPage page = administration.history(filter, PageRequest.first().withLimit(HISTORY_LOOKUP));
        return page.entries().stream().filter(entry -> entry.jobId() == id).toList();
    }

    /** @return the named queues */
    public Views.Queues queues() {
        List<QueueRow> rows = new ArrayList<>();
        for (QueueView queue : readings.queues().value()) {
            rows.add(new QueueRow(queue.name(), jobsHref(Map.of("queue", List.of(queue.name()))), queue.jobsWaiting(),
                    queue.lockedBy().orElse(""), queue.lockedAt().map(this::time).orElse("")));
        }
        return new Views.Queues(frame("Queues", "queues"), rows);
    }

    /** @return the workers holding jobs or queues */
    public Views.Workers workers() {
        return new Views.Workers(frame("Workers", "workers"), workerRows());
    }

    /** @return the crontab's items with their last and next runs, and the items the queue remembers besides */
    public Views.Crontab crontab() {
        List<CronItemView> items = administration.crontab(settings.crontab().orElse(""), settings.cronTimeZone());
        String source = settings.crontab().isPresent()
                ? "The crontab the dashboard was given, its lines without ?tz= read in "
                        + zoneName(settings.cronTimeZone()) + "."
                : "The dashboard was given no crontab (the command line reads ./crontab or --crontab): these are "
                        + "the items the queue remembers, without their schedules.";
        List<Views.CronRow> rows = items.stream().map(item -> new Views.CronRow(item.identifier(), item.inCrontab(),
                item.taskIdentifier().orElse(""),
                item.taskIdentifier().map(task -> jobsHref(Map.of("task", List.of(task)))).orElse(""),
                item.schedule().orElse(""), item.zone().map(Pages::zoneName).orElse(""),
                item.lastExecution().map(this::time).orElse("never"), item.nextRun().map(this::time).orElse(""),
                item.knownSince().map(this::time).orElse("not yet"))).toList();
        return new Views.Crontab(frame("Crontab", "crontab"), source, rows);
    }

    /** @return an error page's view */
    public Views.Error error(int status, String heading, String message) {
        return new Views.Error(frame(heading, ""), status, heading, message);
    }

    private List<WorkerRow> workerRows() {
        List<WorkerRow> rows = new ArrayList<>();
        for (WorkerView worker : readings.workers().value()) {
            List<Link> jobs = worker.jobIds().stream()
                    .map(id -> new Link(String.valueOf(id), basePath + "/jobs/" + id, false)).toList();
            List<Link> queues = worker.queueNames().stream()
                    .map(name -> new Link(name, jobsHref(Map.of("queue", List.of(name))), false)).toList();
            String session = worker.sessionAlive().map(alive -> alive ? "alive" : "gone").orElse("unknown");
            rows.add(new WorkerRow(worker.workerId(), jobs, queues, session));
        }
        return rows;
    }

    private JobRow row(JobView view) {
        Job job = view.job();
        return new JobRow(job.id(), basePath + "/jobs/" + job.id(), job.taskIdentifier(), job.queueName().orElse(""),
                view.state().label(), job.attempts() + "/" + job.maxAttempts(), time(job.runAt()),
                job.key().orElse(""), shorten(job.payload().toString()), shorten(job.lastError().orElse("")));
    }

    private static int limit(String text) {
        if (text.isEmpty()) {
            return PageRequest.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= PageRequest.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // Said below.
        }
        throw new BadRequestException("A page holds 1 to " + PageRequest.MAX_LIMIT + " jobs, not '" + text + "'");
    }

    private static String single(DashboardRequest request, String name) {
        return FilterParameters.single(request::values, name);
    }

    /** @return the address of the jobs page with these parameters */
    String jobsHref(Map<String, List<String>> parameters) {
        StringBuilder href = new StringBuilder(basePath).append("/jobs");
        char separator = '?';
        for (String name : JOB_PARAMETERS) {
            for (String value : parameters.getOrDefault(name, List.of())) {
                href.append(separator).append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return href.toString();
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= SHORT_TEXT ? oneLine : oneLine.substring(0, SHORT_TEXT - 3) + "...";
    }

    private String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS) + " (" + relative(instant) + ")";
    }

    private String relative(Instant instant) {
        Duration between = Duration.between(clock.instant(), instant);
        boolean future = !between.isNegative();
        Duration size = between.abs();
        String amount;
        if (size.toSeconds() < 60) {
            amount = size.toSeconds() + " s";
        } else if (size.toMinutes() < 60) {
            amount = size.toMinutes() + " min";
        } else if (size.toHours() < 48) {
            amount = size.toHours() + " h";
        } else {
            amount = size.toDays() + " d";
        }
        return future ? "in " + amount : amount + " ago";
    }
}
