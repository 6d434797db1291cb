package dev.graphileworker.dashboard.internal;

import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.dashboard.BadRequestException;
import dev.graphileworker.dashboard.DashboardRequest;
import dev.graphileworker.dashboard.internal.Views.Hidden;
import dev.graphileworker.dashboard.internal.Views.Link;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dashboard's actions (retry, remove, fail permanently, unlock), on one job or on every job a filter
 * matches. Each is a {@code POST} carrying the dashboard's CSRF token from a page of its own; removing
 * and failing one job, and anything done by filter, are first asked about on a page that says what will
 * change and how many jobs. Every change goes through {@link QueueAdministration}, and the answer says
 * what it did: the jobs changed, those left alone and why, those gone meanwhile.
 */
public final class Actions {

    /** How many refused jobs an outcome names one by one. */
    static final int REFUSALS_SHOWN = 20;

    /** An action, as paths and forms name it. */
    enum Kind {
        RETRY("retry", "Retry", "retried", false),
        REMOVE("remove", "Remove", "removed", true),
        FAIL("fail", "Fail permanently", "failed permanently", true),
        UNLOCK("unlock", "Unlock", "unlocked", false);

        final String name;
        final String verb;
        final String done;
        final boolean confirmedForOneJob;

        Kind(String name, String verb, String done, boolean confirmedForOneJob) {
            this.name = name;
            this.verb = verb;
            this.done = done;
            this.confirmedForOneJob = confirmedForOneJob;
        }

        static Kind parse(String name) {
            return Arrays.stream(values()).filter(kind -> kind.name.equals(name)).findFirst()
                    .orElseThrow(() -> new BadRequestException("Unknown action '" + name + "': use one of "
                            + Arrays.stream(values()).map(kind -> kind.name).collect(Collectors.joining(", "))));
        }
    }

    private final QueueAdministration administration;
    private final Pages pages;
    private final Readings readings;
    private final String basePath;
    private final boolean allowed;
    private final byte[] csrfToken;

    /**
     * @param administration the queue
     * @param pages the pages, for the frame of the answers
     * @param readings the readings of the whole queue, forgotten after each action
     * @param settings how the dashboard was built: where it is mounted, whether actions are on, its CSRF token
     */
    public Actions(QueueAdministration administration, Pages pages, Readings readings, Settings settings) {
        this.administration = administration;
        this.pages = pages;
        this.readings = readings;
        this.basePath = settings.basePath();
        this.allowed = settings.actionsAllowed();
        this.csrfToken = settings.csrfToken().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that a {@code POST} may act: actions are on, and the form came from one of the dashboard's
     * own pages (its CSRF token, and no browser saying it came from another site).
     *
     * @param request the request
     * @throws ForbiddenException saying why not
     */
    public void check(DashboardRequest request) {
        if (!allowed) {
            throw new ForbiddenException("This dashboard is read-only: actions are off (turn them on with "
                    + "--allow-actions on the command line, graphile.worker.dashboard.allow-actions in Spring Boot).");
        }
        String token = FilterParameters.single(request::formValues, "csrf");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), csrfToken)) {
            throw new ForbiddenException("This form did not come from this dashboard, or the dashboard has restarted "
                    + "since the page was loaded: reload the page and try again.");
        }
        // What the browser says of the form's page, against the address it shows: unlike comparing Origin
        // with Host, it holds behind a proxy that rewrites Host.
        if (request.header("Sec-Fetch-Site").filter("cross-site"::equals).isPresent()) {
            throw new ForbiddenException("This form was sent from another site.");
        }
    }

    /**
     * Acts on one job ({@code POST /jobs/ID/ACTION}), first asking when removing or failing it.
     *
     * @param idText the job's id, as the path gives it
     * @param kindName the action, as the path gives it
     * @param request the request, with its form
     * @return the page to answer with
     */
    public Answer onJob(String idText, String kindName, DashboardRequest request) {
        long id = Pages.jobId(idText);
        Kind kind = Kind.parse(kindName);
        boolean force = isOn(request, "force");
        String action = basePath + "/jobs/" + id + "/" + kind.name;
        String jobHref = basePath + "/jobs/" + id;
        if (kind.confirmedForOneJob && !isOn(request, "confirmed")) {
            String task = administration.job(id).map(view -> ", task " + view.job().taskIdentifier()).orElse("");
            List<Hidden> hidden = new ArrayList<>();
            hidden.add(new Hidden("confirmed", "yes"));
            if (force) {
                hidden.add(new Hidden("force", "on"));
            }
            return new Answer(200, "confirm", new Views.Confirmation(pages.frame(kind.verb + " job " + id, "jobs"),
                    kind.verb + " job " + id + "?", "Job " + id + task + ". " + consequence(kind, false), action,
                    hidden, kind == Kind.FAIL, kind.verb, jobHref));
        }
        ActionResult result = act(kind, JobSelection.ids(id), request, force);
        List<Link> links = List.of(new Link("Job " + id, jobHref, false), new Link("All jobs", basePath + "/jobs", false));
        if (!result.changed().isEmpty()) {
            return outcome(200, "Job " + id + " " + kind.done, List.of(afterwards(kind, 1)), links);
        }
        if (!result.refused().isEmpty()) {
            return outcome(409, "Job " + id + " was not " + kind.done, List.of(result.refused().get(0).reason()
                    + (kind == Kind.UNLOCK ? "" : ". To act on it anyway, tick \"even though a worker holds it\".")),
                    links);
        }
        return outcome(404, "No job " + id, List.of("It finished or was removed meanwhile; nothing was changed."),
                links);
    }

    /**
     * Acts on every job a filter matches ({@code POST /jobs/actions}): first a page with how many jobs
     * it matches now; then, confirmed, the action.
     *
     * @param request the request, with the filter, the action and its options in its form
     * @return the page to answer with
     */
    public Answer onFilter(DashboardRequest request) {
        FilterParameters filter = FilterParameters.parse(request::formValues);
        Kind kind = Kind.parse(FilterParameters.single(request::formValues, "action"));
        if (filter.filter().matchesEverything()) {
            throw new BadRequestException("Choose at least one filter (a state, a task, a queue...) before acting on "
                    + "many jobs; to act on one job, open it.");
        }
        boolean force = isOn(request, "force");
        String listHref = pages.jobsHref(filter.parameters());
        List<Link> links = List.of(new Link("These jobs", listHref, false), new Link("All jobs", basePath + "/jobs",
                false));
        if (!isOn(request, "confirmed")) {
            long count = administration.count(filter.filter());
            if (count == 0) {
                return outcome(200, "No jobs match", List.of("Nothing to " + kind.name + "."), links);
            }
            List<Hidden> hidden = new ArrayList<>();
            filter.parameters().forEach((name, values) -> values.forEach(value -> hidden.add(new Hidden(name, value))));
            hidden.add(new Hidden("action", kind.name));
            hidden.add(new Hidden("confirmed", "yes"));
            if (force) {
                hidden.add(new Hidden("force", "on"));
            }
            if (kind == Kind.RETRY && isOn(request, "reset_attempts")) {
                hidden.add(new Hidden("reset_attempts", "on"));
            }
            String jobs = count == 1 ? "1 job" : String.format(Locale.ROOT, "%,d jobs", count);
            return new Answer(200, "confirm", new Views.Confirmation(pages.frame(kind.verb + " " + jobs, "jobs"),
                    kind.verb + " " + jobs + "?", "The filter " + describe(filter) + " matches " + jobs + " now. "
                            + consequence(kind, count > 1) + (force ? " Jobs a worker holds are included." : "")
                            + " The jobs changed are those that match when you confirm.",
                    basePath + "/jobs/actions", hidden, kind == Kind.FAIL, kind.verb + " " + jobs, listHref));
        }
        ActionResult result = act(kind, JobSelection.matching(filter.filter()), request, force);
        List<String> lines = new ArrayList<>();
        int changed = result.changed().size();
        lines.add(afterwards(kind, changed));
        if (!result.refused().isEmpty()) {
            lines.add(result.refused().size() + (result.refused().size() == 1 ? " job was" : " jobs were")
                    + " left alone:");
            result.refused().stream().limit(REFUSALS_SHOWN)
                    .forEach(refusal -> lines.add("Job " + refusal.jobId() + ": " + refusal.reason()));
            if (result.refused().size() > REFUSALS_SHOWN) {
                lines.add("... and " + (result.refused().size() - REFUSALS_SHOWN) + " more.");
            }
        }
        String jobs = changed == 1 ? "1 job" : String.format(Locale.ROOT, "%,d jobs", changed);
        return outcome(200, capitalised(kind.done) + ": " + jobs, lines, links);
    }

    private ActionResult act(Kind kind, JobSelection selection, DashboardRequest request, boolean force) {
        try {
            return change(kind, selection, request, force);
        } finally {
            readings.invalidate();
        }
    }

    private ActionResult change(Kind kind, JobSelection selection, DashboardRequest request, boolean force) {
        return switch (kind) {
            case RETRY -> administration.retry(selection, isOn(request, "reset_attempts"), force);
            case REMOVE -> administration.remove(selection, force);
            case FAIL -> administration.failPermanently(selection, reason(request), force);
            case UNLOCK -> administration.unlock(selection);
        };
    }

    private static String reason(DashboardRequest request) {
        String reason = FilterParameters.single(request::formValues, "reason");
        if (reason.isEmpty()) {
            throw new BadRequestException("Failing jobs permanently needs a reason, which becomes their last error.");
        }
        return reason;
    }

    private static String consequence(Kind kind, boolean many) {
        return switch (kind) {
            case RETRY -> many ? "They run again as soon as workers are free." : "It runs again as soon as a worker is free.";
            case REMOVE -> (many ? "They are" : "It is") + " deleted from the queue; this cannot be undone.";
            case FAIL -> (many ? "They get" : "It gets") + " no attempts left and the reason below as last error; "
                    + (many ? "they stay in the queue, where they" : "it stays in the queue, where it") + " can be retried.";
            case UNLOCK -> (many ? "Their workers' locks are" : "Its worker's lock is") + " released, so another worker can run "
                    + (many ? "them." : "it.");
        };
    }

    private static String afterwards(Kind kind, int jobs) {
        String subject = jobs == 1 ? "The job" : "The jobs";
        return switch (kind) {
            case RETRY -> jobs == 0 ? "No job was retried." : subject + " can run now.";
            case REMOVE -> jobs == 0 ? "No job was removed." : subject + (jobs == 1 ? " is" : " are") + " gone.";
            case FAIL -> jobs == 0 ? "No job was failed." : subject + " will not run again unless retried.";
            case UNLOCK -> jobs == 0 ? "No job was unlocked." : subject + " can be claimed by any worker now.";
        };
    }

    private static String describe(FilterParameters filter) {
        return filter.parameters().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + String.join(",", entry.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static boolean isOn(DashboardRequest request, String name) {
        List<String> values = request.formValues(name);
        return !values.isEmpty() && !values.get(values.size() - 1).isEmpty();
    }

    private Answer outcome(int status, String heading, List<String> lines, List<Link> links) {
        return new Answer(status, "outcome", new Views.Outcome(pages.frame(heading, "jobs"), heading, lines, links));
    }
}
