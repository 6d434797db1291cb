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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code graphile-worker add-job TASK [PAYLOAD]}: enqueues one job from the shell through the same
 * {@code add_job} SQL function applications call, installing the schema first if needed.
 */
@Command(name = "add-job", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Adds a job to the queue, then exits.")
final class AddJobCommand implements Callable<Integer> {

    @ParentCommand
    private GraphileWorkerCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "the task identifier")
    private String task;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PAYLOAD", defaultValue = "{}",
            description = "the payload as JSON (default: ${DEFAULT-VALUE})")
    private String payload;

    @Option(names = {"-q", "--queue"}, paramLabel = "NAME", description = "named queue: its jobs run one at a time")
    private String queue;

    @Option(names = "--run-at", paramLabel = "INSTANT", description = "earliest start, e.g. 2030-01-01T09:00:00Z")
    private String runAt;

    @Option(names = "--max-attempts", paramLabel = "N", description = "attempts before it fails for good (default: 25)")
    private Integer maxAttempts;

    @Option(names = "--priority", paramLabel = "N", description = "lower runs first (default: 0)")
    private Integer priority;

    @Option(names = {"-k", "--job-key"}, paramLabel = "KEY", description = "replaces a pending job with this key")
    private String jobKey;

    @Option(names = "--job-key-mode", paramLabel = "MODE",
            description = "replace, preserve_run_at or unsafe_dedupe (default: replace)")
    private JobKeyMode jobKeyMode;

    @Option(names = "--flags", paramLabel = "FLAG", split = ",", description = "flags, comma-separated")
    private Set<String> flags;

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
                Job job = utils.addJob(task, payloadJson, options);
                LoggerFactory.getLogger(AddJobCommand.class).info("Added job {} ({}), runs at {}", job.id(),
                        job.taskIdentifier(), job.runAt());
                spec.commandLine().getOut().println(job.id());
            }
            return 0;
        } finally {
            GraphileWorkerCommand.closeAll(resources);
        }
    }

    private JsonNode parsePayload() {
        try {
            return new ObjectMapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "PAYLOAD is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private AddJobOptions jobOptions() {
        AddJobOptions options = AddJobOptions.defaults();
        try {
            if (queue != null) {
                options = options.withQueueName(queue);
            }
            if (runAt != null) {
                options = options.withRunAt(Instant.parse(runAt));
            }
            if (maxAttempts != null) {
                options = options.withMaxAttempts(maxAttempts);
            }
            if (priority != null) {
                options = options.withPriority(priority);
            }
            if (jobKey != null) {
                options = options.withJobKey(jobKey);
            }
            if (jobKeyMode != null) {
                options = options.withJobKeyMode(jobKeyMode);
            }
            if (flags != null) {
                options = options.withFlags(flags);
            }
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--run-at must be an instant such as "
                    + "2030-01-01T09:00:00Z, was '" + runAt + "'");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return options;
    }
}
