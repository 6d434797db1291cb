package dev.graphileworker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code graphile-worker add-job TASK [PAYLOAD]}: enqueues one job from the shell through the same
 * {@code add_job} SQL function applications call, installing the schema first if needed. Declared
 * without annotations, as {@link GraphileWorkerCommand} is.
 */
final class AddJobCommand implements Callable<Integer> {

    private final GraphileWorkerCommand parent;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    private final PositionalParamSpec task = add(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("TASK")
            .type(String.class).description("the task identifier").build());
    private final PositionalParamSpec payload = add(PositionalParamSpec.builder().index("1").arity("0..1")
            .paramLabel("PAYLOAD").type(String.class).defaultValue("{}")
            .description("the payload as JSON (default: ${DEFAULT-VALUE})").build());
    private final OptionSpec queue = add(CommandOptions.option("NAME", String.class, null,
            "named queue: its jobs run one at a time", "-q", "--queue"));
    private final OptionSpec runAt = add(CommandOptions.option("INSTANT", String.class, null,
            "earliest start, e.g. 2030-01-01T09:00:00Z", "--run-at"));
    private final OptionSpec maxAttempts = add(CommandOptions.option("N", Integer.class, null,
            "attempts before it fails for good (default: 25)", "--max-attempts"));
    private final OptionSpec priority = add(CommandOptions.option("N", Integer.class, null,
            "lower runs first (default: 0)", "--priority"));
    private final OptionSpec jobKey = add(CommandOptions.option("KEY", String.class, null,
            "replaces a pending job with this key", "-k", "--job-key"));
    private final OptionSpec jobKeyMode = add(CommandOptions.option("MODE", JobKeyMode.class, null,
            "replace, preserve_run_at or unsafe_dedupe (default: replace)", "--job-key-mode"));
    private final OptionSpec flags = add(OptionSpec.builder("--flags").paramLabel("FLAG").type(Set.class)
            .auxiliaryTypes(String.class).splitRegex(",").description("flags, comma-separated").build());

    /** @param parent the command whose shared options (database, schema, logging) this one uses */
    AddJobCommand(GraphileWorkerCommand parent) {
        this.parent = parent;
        CommandOptions.addStandardHelpOptions(spec);
        spec.usageMessage().sortOptions(false).description("Adds a job to the queue, then exits.");
    }

    /** @return the command's declaration, for picocli */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        JsonNode payloadJson = parsePayload();
        AddJobOptions options = jobOptions();
        WorkerOptions.Builder builder = parent.workerOptions();
        parent.configureLogging();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            WorkerOptions workerOptions = parent.connect(builder, resources).build();
            GraphileWorker.runMigrations(workerOptions);
            try (WorkerUtils utils = GraphileWorker.workerUtils(workerOptions)) {
                Job job = utils.addJob(task.<String>getValue(), payloadJson, options);
                LoggerFactory.getLogger(AddJobCommand.class).info("Added job {} ({}), runs at {}", job.id(),
                        job.taskIdentifier(), job.runAt());
                spec.commandLine().getOut().println(job.id());
            }
            return 0;
        } finally {
            GraphileWorkerCommand.closeAll(resources);
        }
    }

    private <T extends ArgSpec> T add(T argument) {
        if (argument instanceof OptionSpec option) {
            spec.addOption(option);
        } else {
            spec.addPositional((PositionalParamSpec) argument);
        }
        return argument;
    }

    private JsonNode parsePayload() {
        try {
            return new ObjectMapper().readTree(payload.<String>getValue());
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "PAYLOAD is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private AddJobOptions jobOptions() {
        AddJobOptions options = AddJobOptions.defaults();
        String start = runAt.getValue();
        try {
            if (queue.getValue() != null) {
                options = options.withQueueName(queue.getValue());
            }
            if (start != null) {
                options = options.withRunAt(Instant.parse(start));
            }
            if (maxAttempts.getValue() != null) {
                options = options.withMaxAttempts(maxAttempts.<Integer>getValue());
            }
            if (priority.getValue() != null) {
                options = options.withPriority(priority.<Integer>getValue());
            }
            if (jobKey.getValue() != null) {
                options = options.withJobKey(jobKey.getValue());
            }
            if (jobKeyMode.getValue() != null) {
                options = options.withJobKeyMode(jobKeyMode.getValue());
            }
            if (flags.getValue() != null) {
                options = options.withFlags(flags.<Set<String>>getValue());
            }
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--run-at must be an instant such as "
                    + "2030-01-01T09:00:00Z, was '" + start + "'");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return options;
    }
}
