package dev.graphileworker.cli;

import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.cli.internal.admin.Table;
import dev.graphileworker.cli.internal.admin.Terminal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * An operator command ({@code jobs ...}, {@code queues}, {@code workers}): checks what it was given
 * before reaching the database, then acts through the queue's {@link QueueAdministration}. It takes
 * the database options of {@link GraphileWorkerCommand} ({@code -c}, {@code -s}, ...), which picocli
 * passes down to every subcommand.
 */
abstract class AdminCommand implements Callable<Integer> {

    /**
     * The operator commands' context: the main command, the administration's source, standard input,
     * and whether to set up logging.
     */
    record Context(GraphileWorkerCommand parent, AdministrationSource source, Terminal terminal,
            boolean configuresLogging) {
    }

    final Context context;
    final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    AdminCommand(Context context, String description) {
        this.context = context;
        CommandOptions.addStandardHelpOptions(spec);
        spec.usageMessage().sortOptions(false).description(description);
    }

    /** @return the command's declaration, for picocli */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public final Integer call() throws Exception {
        WorkerOptions.Builder options = context.parent().workerOptions();
        check();
        if (context.configuresLogging()) {
            context.parent().configureLogging();
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            QueueAdministration administration = context.source()
                    .open(context.parent().connect(options, resources).build(), resources);
            int status = run(administration);
            out().flush();
            return status;
        } finally {
            GraphileWorkerCommand.closeAll(resources);
        }
    }

    /**
     * Checks the arguments, before the database is reached.
     *
     * @throws ParameterException when one is bad
     */
    abstract void check();

    /** @return the exit status */
    abstract int run(QueueAdministration administration);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void print(Table table) {
        table.lines().forEach(out()::println);
    }

    <T extends ArgSpec> T add(T argument) {
        if (argument instanceof OptionSpec option) {
            spec.addOption(option);
        } else {
            spec.addPositional((PositionalParamSpec) argument);
        }
        return argument;
    }

    /** @return {@code count} and the noun, singular or plural: {@code 1 job}, {@code 3 jobs} */
    static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
