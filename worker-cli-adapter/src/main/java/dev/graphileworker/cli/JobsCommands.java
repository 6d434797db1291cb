package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.flag;
import static dev.graphileworker.cli.CommandOptions.isOn;
import static dev.graphileworker.cli.CommandOptions.option;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.cli.internal.admin.AdminOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code graphile-worker jobs}: list jobs and finished ones, show one, and act on jobs by id or filter. */
final class JobsCommands {

    private JobsCommands() {
    }

    /** @return the {@code jobs} command with its subcommands */
    static CommandSpec spec(AdminCommand.Context context) {
        CommandSpec jobs = CommandSpec.wrapWithoutInspection((java.util.concurrent.Callable<Integer>) () -> {
            throw new ParameterException(context.parent().spec().subcommands().get("jobs"),
                    "jobs needs a subcommand: list, show, retry, reschedule, remove, fail or unlock");
        });
        CommandOptions.addStandardHelpOptions(jobs);
        jobs.usageMessage().description("Lists jobs, shows one, and retries, reschedules, removes, fails or "
                + "unlocks jobs by id or by filter.");
        jobs.addSubcommand("list", new ListJobs(context).spec());
        jobs.addSubcommand("show", new ShowJob(context).spec());
        for (JobAction.Kind kind : JobAction.Kind.values()) {
            jobs.addSubcommand(kind.command(), new JobAction(context, kind).spec());
        }
        return jobs;
    }

    /** Parses a job id given on the command line. */
    static long jobId(String text, AdminCommand command) {
        try {
            long id = Long.parseLong(text.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw command.usage("'" + text + "' is not a job id (a positive whole number)");
    }

    /** {@code jobs list}: a page of jobs, or of finished jobs with {@code --history}. */
    static final class ListJobs extends AdminCommand {

        private final JobFilterOptions filter = new JobFilterOptions(spec);
        private final OptionSpec oldestFirst = add(flag("oldest first (default: newest first)", "--oldest-first"));
        private final OptionSpec limit = add(option("N", Integer.class, Integer.toString(PageRequest.DEFAULT_LIMIT),
                "jobs a page, 1 to " + PageRequest.MAX_LIMIT + " (default: ${DEFAULT-VALUE})", "--limit"));
        private final OptionSpec after = add(option("CURSOR", String.class, null,
                "the page after this one: the cursor the previous page printed", "--after"));
        private final OptionSpec history = add(flag("finished jobs, as workers that keep history recorded them",
                "--history"));
        private final OptionSpec json = add(flag("one JSON object per line, every column", "--json"));

        ListJobs(AdminCommand.Context context) {
            super(context, "Lists jobs, newest first, a page at a time; the last line gives the next page's "
                    + "--after.");
        }

        @Override
        void check() {
            filter.states();
            page();
            if (isOn(history) && !filter.givenOutsideHistory().isEmpty()) {
                throw usage(String.join(", ", filter.givenOutsideHistory())
                        + " cannot be used with --history: finished jobs have a task, a queue and a key");
            }
        }

        private PageRequest page() {
            int size = limit.<Integer>getValue();
            if (size < 1 || size > PageRequest.MAX_LIMIT) {
                throw usage("--limit must be 1 to " + PageRequest.MAX_LIMIT + ", was " + size);
            }
            return new PageRequest(isOn(oldestFirst) ? PageRequest.Order.OLDEST_FIRST : PageRequest.Order.NEWEST_FIRST,
                    size, Optional.ofNullable(after.<String>getValue()));
        }

        @Override
        int run(QueueAdministration administration) {
            return isOn(history) ? listHistory(administration) : listJobs(administration);
        }

        private int listJobs(QueueAdministration administration) {
            JobPage page = withCursor(() -> administration.jobs(filter.filter(), page()));
            if (page.jobs().isEmpty()) {
                nothing(filter.given() ? "No jobs match " + filter.describe() + "." : "No jobs.");
            } else if (isOn(json)) {
                page.jobs().forEach(job -> out().println(AdminOutput.json(job)));
            } else {
                print(AdminOutput.jobTable(page.jobs()));
            }
            page.nextCursor().ifPresent(this::more);
            return 0;
        }

        private int listHistory(QueueAdministration administration) {
            HistoryPage page = withCursor(() -> administration.history(filter.filter(), page()));
            if (page.entries().isEmpty()) {
                nothing(filter.given() || after.getValue() != null
                        ? "No finished jobs match" + (filter.given() ? " " + filter.describe() : "")
                                + " (history is kept only by workers started with --keep-history)."
                        : "No history: finished jobs are recorded only by workers started with --keep-history.");
            } else if (isOn(json)) {
                page.entries().forEach(entry -> out().println(AdminOutput.json(entry)));
            } else {
                print(AdminOutput.historyTable(page.entries()));
            }
            page.nextCursor().ifPresent(this::more);
            return 0;
        }

        /** A page's cursor: on its own line, or as a last JSON object. */
        private void more(String cursor) {
            out().println(isOn(json) ? "{\"next_cursor\":\"" + cursor.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}"
                    : "more: --after " + cursor);
        }

        /** That nothing matched: on standard output, or on standard error under --json, which keeps its output JSON. */
        private void nothing(String message) {
            if (isOn(json)) {
                spec.commandLine().getErr().println(message);
            } else {
                out().println(message);
            }
        }

        private <T> T withCursor(java.util.function.Supplier<T> listing) {
            try {
                return listing.get();
            } catch (IllegalArgumentException e) {
                if (after.getValue() != null) {
                    throw usage("--after: " + e.getMessage());
                }
                throw e;
            }
        }
    }

    /** {@code jobs show ID}: one job in full. */
    static final class ShowJob extends AdminCommand {

        private final PositionalParamSpec id = add(PositionalParamSpec.builder().index("0").arity("1")
                .paramLabel("ID").type(String.class).description("the job's id").build());
        private final OptionSpec json = add(flag("one JSON object, every column", "--json"));

        ShowJob(AdminCommand.Context context) {
            super(context, "Shows one job: every column, the payload pretty-printed, the last error in full.");
        }

        @Override
        void check() {
            jobId(id.getValue(), this);
        }

        @Override
        int run(QueueAdministration administration) {
            long jobId = jobId(id.getValue(), this);
            JobView job = administration.job(jobId).orElseThrow(() -> new WorkerException("no job has id " + jobId));
            if (isOn(json)) {
                out().println(AdminOutput.json(job));
            } else {
                AdminOutput.details(job).forEach(out()::println);
            }
            return 0;
        }
    }

    /** @return the ids given, checked */
    static List<Long> jobIds(List<String> texts, AdminCommand command) {
        List<Long> ids = new ArrayList<>();
        if (texts != null) {
            for (String text : texts) {
                ids.add(jobId(text, command));
            }
        }
        return ids;
    }
}
