package dev.graphileworker.dashboard.internal;

import java.util.List;
import java.util.Optional;

/** What the templates (src/main/jte) show; built by {@link Pages}, every text escaped by jte. */
public final class Views {

    private Views() {
    }

    /**
     * The frame of every page: title, navigation, where the style sheet and script are, and what forms
     * of actions need (whether actions are on, the token each form carries).
     */
    public record Frame(String title, String section, String basePath, long refreshSeconds, boolean actionsAllowed,
            String csrfToken) {

        /** @return the navigation links, the current section marked */
        public List<Link> navigation() {
            return List.of(new Link("Overview", basePath + "/", "overview".equals(section)),
                    new Link("Jobs", basePath + "/jobs", "jobs".equals(section)),
                    new Link("Queues", basePath + "/queues", "queues".equals(section)),
                    new Link("Workers", basePath + "/workers", "workers".equals(section)),
                    new Link("Crontab", basePath + "/crontab", "crontab".equals(section)));
        }

        /** @return the style sheet's address */
        public String stylesheet() {
            return basePath + "/static/dashboard.css";
        }

        /** @return the refresh script's address */
        public String script() {
            return basePath + "/static/dashboard.js";
        }
    }

    /** A link; {@code current} marks the page shown. */
    public record Link(String label, String href, boolean current) {
    }

    /** A state with how many jobs are in it, linking to them. */
    public record StateCount(String state, long count, String href) {
    }

    /** A task's counts, in the order of {@code JobState}. */
    public record TaskRow(String identifier, String href, List<StateCount> counts, long total) {
    }

    /** A worker holding jobs or queues. */
    public record WorkerRow(String workerId, List<Link> jobs, List<Link> queues, String session) {
    }

    /** The overview page. */
    public record Overview(Frame frame, List<StateCount> states, long total, List<String> stateNames,
            List<TaskRow> tasks, List<WorkerRow> workers, String countedAt, ActivityChart activity) {
    }

    /**
     * Jobs completed and failed per minute, as bars of an SVG drawn on the server (no script needed):
     * each bar's geometry in the chart's own units, its minute and counts in its title.
     */
    public record ActivityChart(String source, String summary, List<Bar> bars, int width, int height,
            String largest) {
    }

    /** One minute of the chart: the completed part above the failed part, heights in chart units. */
    public record Bar(int x, int width, int completedY, int completedHeight, int failedY, int failedHeight,
            String title) {
    }

    /** One item of the crontab, or one the queue remembers that the crontab does not have. */
    public record CronRow(String identifier, boolean inCrontab, String task, String taskHref, String schedule,
            String zone, String lastExecution, String nextRun, String knownSince) {
    }

    /** The crontab page. */
    public record Crontab(Frame frame, String source, List<CronRow> items) {
    }

    /** A choice of the filter form: a state, an order, a page size. */
    public record Choice(String value, String label, boolean selected) {
    }

    /** The filter form, as the URL gave it. */
    public record FilterForm(List<Choice> states, String task, String queue, String key, String flag,
            String error, List<Choice> orders, String limit) {
    }

    /** One job in the list. */
    public record JobRow(long id, String href, String task, String queue, String state, String attempts,
            String runAt, String key, String payload, String lastError) {
    }

    /** The jobs page. */
    public record Jobs(Frame frame, String action, FilterForm form, String summary, List<JobRow> jobs,
            Optional<String> nextHref, Optional<String> firstHref, String clearHref, List<Hidden> filterFields,
            String bulkAction) {
    }

    /** A column of a job and its value. */
    public record Field(String name, String value) {
    }

    /** An entry of a job's history. */
    public record HistoryRow(long entryId, String outcome, String finishedAt, String runTime, int attempts,
            String workerId, String lastError) {
    }

    /** One job in full. */
    public record JobDetail(Frame frame, long id, Optional<String> state, List<Field> fields, Optional<String> payload,
            Optional<String> lastError, boolean historyKept, List<HistoryRow> history, String listHref) {
    }

    /** A named queue. */
    public record QueueRow(String name, String jobsHref, long waiting, String lockedBy, String lockedAt) {
    }

    /** The queues page. */
    public record Queues(Frame frame, List<QueueRow> queues) {
    }

    /** The workers page. */
    public record Workers(Frame frame, List<WorkerRow> workers) {
    }

    /** A form field carried unchanged from one step of an action to the next. */
    public record Hidden(String name, String value) {
    }

    /** The question asked before an action: what it will change, and how many jobs. */
    public record Confirmation(Frame frame, String heading, String message, String action, List<Hidden> hidden,
            boolean asksReason, String button, String cancelHref) {
    }

    /** What an action did. */
    public record Outcome(Frame frame, String heading, List<String> lines, List<Link> links) {
    }

    /** An error page: what was wrong, without internals. */
    public record Error(Frame frame, int status, String heading, String message) {
    }
}
