package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.flag;
import static dev.graphileworker.cli.CommandOptions.isOn;
import static dev.graphileworker.cli.CommandOptions.option;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.cli.internal.admin.AdminOutput;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jobs retry|reschedule|remove|fail|unlock}: acts on jobs given by id, or on every job a filter
 * matches. Ids are checked first: when one names no job, nothing is done. A filter needs confirmation:
 * the jobs it matches are listed and the operator asked, unless {@code --yes}; without a terminal to
 * ask on, {@code --yes} is required. Exit status 1 when a job was refused (locked, without
 * {@code --force}) or vanished meanwhile, or when the operator said no.
 */
final class JobAction extends AdminCommand {

    /** The actions. */
    enum Kind {
        RETRY("retry", "Retried", "Makes jobs due now; a permanently failed job gets one more attempt."),
        RESCHEDULE("reschedule", "Rescheduled", "Sets when jobs run (--run-at)."),
        REMOVE("remove", "Removed", "Deletes jobs."),
        FAIL("fail", "Failed for good", "Fails jobs for good: their attempts are used up, the reason becomes "
                + "their last error."),
        UNLOCK("unlock", "Unlocked", "Frees jobs a worker holds (one that died, say) and their named queues.");

        private final String command;
        private final String done;
        private final String description;

        Kind(String command, String done, String description) {
            this.command = command;
            this.done = done;
            this.description = description;
        }

        String command() {
            return command;
        }

        boolean forceable() {
            return this != UNLOCK;
        }
    }

    /** Jobs listed before the question; the rest are counted. */
    private static final int SHOWN_BEFORE_ASKING = 20;

    private final Kind kind;
    private final JobFilterOptions filter = new JobFilterOptions(spec);
    private final PositionalParamSpec ids = add(PositionalParamSpec.builder().index("0..*").arity("0..*")
            .paramLabel("ID").type(List.class).auxiliaryTypes(String.class)
            .description("job ids; or choose jobs with the filter options").build());
    private final OptionSpec runAt;
    private final OptionSpec reason;
    private final OptionSpec resetAttempts;
    private final OptionSpec force;
    private final OptionSpec yes = add(flag("act by filter without asking (needed when standard input is not "
            + "a terminal)", "-y", "--yes"));

    JobAction(AdminCommand.Context context, Kind kind) {
        super(context, kind.description + " Give job ids, or a filter (--state, --task, ...), which asks for "
                + "confirmation unless --yes.");
        this.kind = kind;
        runAt = kind == Kind.RESCHEDULE ? add(OptionSpec.builder("--run-at").paramLabel("INSTANT").type(String.class)
                .required(true).description("when they should run, ISO 8601: 2030-01-01T09:00:00Z").build()) : null;
        reason = kind == Kind.FAIL ? add(OptionSpec.builder("--reason").paramLabel("TEXT").type(String.class)
                .required(true).description("why, for the jobs' last_error").build()) : null;
        resetAttempts = kind == Kind.RETRY ? add(flag("set the attempts back to zero: the jobs get all their "
                + "attempts again", "--reset-attempts")) : null;
        force = kind.forceable() ? add(flag("act on jobs a worker holds too; with no filter and no ids, act on "
                + "every job", "--force")) : null;
    }

    @Override
    void check() {
        List<Long> given = JobsCommands.jobIds(ids.getValue(), this);
        boolean byFilter = filter.given();
        if (!given.isEmpty() && byFilter) {
            throw usage("give job ids or a filter, not both");
        }
        if (given.isEmpty() && !byFilter && !forced()) {
            throw usage("jobs " + kind.command + " needs job ids or a filter (--state, --task, --queue, --key, "
                    + "--flag, --error)" + (kind.forceable() ? "; to act on every job, add --force" : ""));
        }
        if (runAt != null) {
            runAt();
        }
        if (reason != null && reason.<String>getValue().isBlank()) {
            throw usage("--reason must not be blank");
        }
        if (given.isEmpty() && !isOn(yes) && !context.terminal().stdinIsTerminal()) {
            throw usage("jobs " + kind.command + " by filter asks for confirmation and standard input is not a "
                    + "terminal: pass --yes to act on every job the filter matches");
        }
    }

    private boolean forced() {
        return force != null && isOn(force);
    }

    private Instant runAt() {
        String text = runAt.getValue();
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw usage("--run-at must be an ISO 8601 instant such as 2030-01-01T09:00:00Z, was '" + text + "'");
        }
    }

    @Override
    int run(QueueAdministration administration) {
        List<Long> given = JobsCommands.jobIds(ids.getValue(), this);
        JobSelection selection;
        if (given.isEmpty()) {
            selection = JobSelection.matching(filter.filter());
            if (!isOn(yes)) {
                OptionalInt refused = ask(administration);
                if (refused.isPresent()) {
                    return refused.getAsInt();
                }
            }
        } else {
            List<Long> unknown = given.stream().filter(id -> administration.job(id).isEmpty()).distinct().toList();
            if (!unknown.isEmpty()) {
                throw new WorkerException((unknown.size() == 1 ? "no job has id " : "no jobs have ids ")
                        + ids(unknown) + "; nothing changed");
            }
            selection = new JobSelection.Ids(given.stream().distinct().toList());
        }
        return report(act(administration, selection), selection);
    }

    private ActionResult act(QueueAdministration administration, JobSelection selection) {
        return switch (kind) {
            case RETRY -> administration.retry(selection, isOn(resetAttempts), forced());
            case RESCHEDULE -> administration.reschedule(selection, runAt(), forced());
            case REMOVE -> administration.remove(selection, forced());
            case FAIL -> administration.failPermanently(selection, reason.<String>getValue().strip(), forced());
            case UNLOCK -> administration.unlock(selection);
        };
    }

    /**
     * Lists what the filter matches and asks.
     *
     * @return empty to go on; else the exit status: 0 when nothing matches, 1 when the answer is no
     */
    private OptionalInt ask(QueueAdministration administration) {
        List<JobView> shown = new ArrayList<>();
        long matching = 0;
        PageRequest page = PageRequest.first().withLimit(PageRequest.MAX_LIMIT);
        while (true) {
            JobPage jobs = administration.jobs(filter.filter(), page);
            matching += jobs.jobs().size();
            jobs.jobs().stream().limit(Math.max(0, SHOWN_BEFORE_ASKING - shown.size())).forEach(shown::add);
            if (jobs.nextCursor().isEmpty()) {
                break;
            }
            page = page.after(jobs.nextCursor().get());
        }
        if (matching == 0) {
            out().println(nothingMatches());
            return OptionalInt.of(0);
        }
        PrintWriter out = out();
        out.println(count(matching, "job") + " match " + describeSelection() + (kind == Kind.UNLOCK
                ? " (unlock frees those a worker holds when it runs):"
                : " (" + kind.command + " acts on those that match when it runs):"));
        print(AdminOutput.jobTable(shown));
        if (matching > shown.size()) {
            out.println("... and " + (matching - shown.size()) + " more");
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.print("Proceed? [y/N] ");
        err.flush();
        String answer = context.terminal().readLine();
        if (answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
            return OptionalInt.empty();
        }
        out.println("Nothing changed.");
        return OptionalInt.of(GraphileWorkerCommand.EXIT_FAILED);
    }

    private int report(ActionResult result, JobSelection selection) {
        PrintWriter out = out();
        if (result.changed().isEmpty() && result.refused().isEmpty() && result.missing().isEmpty()) {
            out.println(selection instanceof JobSelection.Matching ? nothingMatches()
                    : kind == Kind.UNLOCK ? "Nothing changed: none of the jobs was locked." : "Nothing changed.");
            return 0;
        }
        if (!result.changed().isEmpty()) {
            out.println(kind.done + " " + count(result.changed().size(), "job")
                    + (kind == Kind.RESCHEDULE ? " to run at " + runAt() : "") + ": " + ids(result.changed()));
        }
        for (ActionResult.Refusal refusal : result.refused()) {
            out.println("Refused job " + refusal.jobId() + ": " + refusal.reason());
        }
        if (!result.refused().isEmpty() && kind.forceable() && !forced()) {
            out.println("Pass --force to act on jobs a worker holds.");
        }
        if (!result.missing().isEmpty()) {
            out.println("Not found: " + ids(result.missing()));
        }
        return result.refused().isEmpty() && result.missing().isEmpty() ? 0 : GraphileWorkerCommand.EXIT_FAILED;
    }

    private String nothingMatches() {
        return "No " + (kind == Kind.UNLOCK ? "locked " : "") + "jobs match " + describeSelection()
                + "; nothing changed.";
    }

    private String describeSelection() {
        return filter.given() ? filter.describe() : "(every job)";
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
