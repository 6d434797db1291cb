package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.flag;
import static dev.graphileworker.cli.CommandOptions.isOn;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.cli.internal.admin.AdminOutput;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code graphile-worker queues}, {@code queues unlock NAME} and {@code workers}. */
final class QueuesAndWorkersCommands {

    private QueuesAndWorkersCommands() {
    }

    /** @return the {@code queues} command, with {@code unlock} */
    static CommandSpec queues(AdminCommand.Context context) {
        CommandSpec queues = new Queues(context).spec();
        queues.addSubcommand("unlock", new UnlockQueue(context).spec());
        return queues;
    }

    /** @return the {@code workers} command */
    static CommandSpec workers(AdminCommand.Context context) {
        return new Workers(context).spec();
    }

    /** {@code queues}: the named queues. */
    static final class Queues extends AdminCommand {

        private final OptionSpec json = add(flag("one JSON object per line", "--json"));

        Queues(AdminCommand.Context context) {
            super(context, "Lists the named queues: jobs waiting, and the worker that holds each, if any. "
                    + "'queues unlock NAME' frees one.");
        }

        @Override
        void check() {
            // Nothing to check.
        }

        @Override
        int run(QueueAdministration administration) {
            List<QueueView> queues = administration.queues();
            if (isOn(json)) {
                queues.forEach(queue -> out().println(AdminOutput.json(queue)));
            } else if (queues.isEmpty()) {
                out().println("No named queues.");
            } else {
                print(AdminOutput.queueTable(queues));
            }
            return 0;
        }
    }

    /** {@code queues unlock NAME}: frees a named queue. */
    static final class UnlockQueue extends AdminCommand {

        private final PositionalParamSpec name = add(PositionalParamSpec.builder().index("0").arity("1")
                .paramLabel("NAME").type(String.class).description("the named queue").build());

        UnlockQueue(AdminCommand.Context context) {
            super(context, "Frees a named queue whose worker died, so that its next job can run.");
        }

        @Override
        void check() {
            // Nothing to check.
        }

        @Override
        int run(QueueAdministration administration) {
            String queue = name.getValue();
            if (administration.queues().stream().noneMatch(view -> view.name().equals(queue))) {
                throw new WorkerException("no named queue '" + queue + "'");
            }
            out().println(administration.unlockQueue(queue) ? "Unlocked queue " + queue + "."
                    : "Queue " + queue + " was not locked; nothing changed.");
            return 0;
        }
    }

    /** {@code workers}: the workers holding locks. */
    static final class Workers extends AdminCommand {

        private final OptionSpec json = add(flag("one JSON object per line", "--json"));

        Workers(AdminCommand.Context context) {
            super(context, "Lists the workers that hold jobs or named queues, and whether their database "
                    + "session is alive (workers of this library with dead-worker recovery).");
        }

        @Override
        void check() {
            // Nothing to check.
        }

        @Override
        int run(QueueAdministration administration) {
            List<WorkerView> workers = administration.workers();
            if (isOn(json)) {
                workers.forEach(worker -> out().println(AdminOutput.json(worker)));
            } else if (workers.isEmpty()) {
                out().println("No worker holds a job or a queue.");
            } else {
                print(AdminOutput.workerTable(workers));
            }
            return 0;
        }
    }
}
