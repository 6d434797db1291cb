package dev.graphileworker.cli.internal.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.cli.internal.admin.Table.Column;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How jobs, queues, workers and history entries look: as rows of a {@link Table} for people, as one
 * JSON object per line (the columns' names as in the database, times in ISO 8601) for programs, and a
 * job in full for {@code jobs show}.
 */
public final class AdminOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminOutput() {
    }

    /** @return the jobs as a table: id, task, queue, state, attempts, run_at, payload, last_error */
    public static Table jobTable(List<JobView> jobs) {
        Table table = new Table(Column.number("id"), Column.shrinkableLast("task"), Column.shrinkableLast("queue"),
                Column.whole("state"), Column.number("attempts"), Column.whole("run_at"),
                Column.shrinkable("payload"), Column.shrinkableNext("last_error"));
        for (JobView view : jobs) {
            Job job = view.job();
            table.row(Long.toString(job.id()), job.taskIdentifier(), job.queueName().orElse(null),
                    view.state().label(), job.attempts() + "/" + job.maxAttempts(), instant(job.runAt()),
                    job.payload().toString(), job.lastError().orElse(null));
        }
        return table;
    }

    /** @return the queues as a table: name, jobs waiting, the worker holding it and since when */
    public static Table queueTable(List<QueueView> queues) {
        Table table = new Table(Column.shrinkableLast("queue"), Column.number("waiting"),
                Column.shrinkableLast("locked_by"), Column.whole("locked_at"));
        for (QueueView queue : queues) {
            table.row(queue.name(), Long.toString(queue.jobsWaiting()), queue.lockedBy().orElse(null),
                    queue.lockedAt().map(AdminOutput::instant).orElse(null));
        }
        return table;
    }

    /** @return the workers as a table: id, whether its session is alive, the jobs and queues it holds */
    public static Table workerTable(List<WorkerView> workers) {
        Table table = new Table(Column.shrinkableLast("worker"), Column.whole("session"), Column.number("jobs"),
                Column.shrinkable("job_ids"), Column.shrinkable("queues"));
        for (WorkerView worker : workers) {
            table.row(worker.workerId(), session(worker.sessionAlive()), Integer.toString(worker.jobIds().size()),
                    worker.jobIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    worker.queueNames().isEmpty() ? null : String.join(",", worker.queueNames()));
        }
        return table;
    }

    /** @return finished jobs as a table: job id, task, queue, outcome, attempts, finished_at, run time, error */
    public static Table historyTable(List<HistoryEntry> entries) {
        Table table = new Table(Column.number("job_id"), Column.shrinkableLast("task"), Column.shrinkableLast("queue"),
                Column.whole("outcome"), Column.number("attempts"), Column.whole("finished_at"),
                Column.number("run_time"), Column.shrinkableNext("last_error"));
        for (HistoryEntry entry : entries) {
            table.row(Long.toString(entry.jobId()), entry.taskIdentifier(), entry.queueName().orElse(null),
                    entry.outcome().name().toLowerCase(java.util.Locale.ROOT), Integer.toString(entry.attempts()),
                    instant(entry.finishedAt()), duration(entry.runTime()), entry.lastError().orElse(null));
        }
        return table;
    }

    /** @return the job, every column, on one line of JSON */
    public static String json(JobView view) {
        Job job = view.job();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id());
        node.put("task_identifier", job.taskIdentifier());
        putOptional(node, "queue_name", job.queueName());
        node.put("state", view.state().label());
        node.set("payload", job.payload());
        node.put("priority", job.priority());
        node.put("run_at", job.runAt().toString());
        node.put("attempts", job.attempts());
        node.put("max_attempts", job.maxAttempts());
        putOptional(node, "last_error", job.lastError());
        putOptional(node, "key", job.key());
        node.put("revision", job.revision());
        ArrayNode flags = node.putArray("flags");
        new TreeSet<>(job.flags()).forEach(flags::add);
        node.put("created_at", job.createdAt().toString());
        node.put("updated_at", job.updatedAt().toString());
        putOptional(node, "locked_at", job.lockedAt().map(Instant::toString));
        putOptional(node, "locked_by", job.lockedBy());
        return node.toString();
    }

    /** @return the queue on one line of JSON */
    public static String json(QueueView queue) {
        ObjectNode node = JSON.createObjectNode();
        node.put("queue_name", queue.name());
        node.put("jobs_waiting", queue.jobsWaiting());
        putOptional(node, "locked_by", queue.lockedBy());
        putOptional(node, "locked_at", queue.lockedAt().map(Instant::toString));
        return node.toString();
    }

    /** @return the worker on one line of JSON */
    public static String json(WorkerView worker) {
        ObjectNode node = JSON.createObjectNode();
        node.put("worker_id", worker.workerId());
        ArrayNode jobIds = node.putArray("job_ids");
        worker.jobIds().forEach(jobIds::add);
        ArrayNode queues = node.putArray("queue_names");
        worker.queueNames().forEach(queues::add);
        if (worker.sessionAlive().isPresent()) {
            node.put("session_alive", worker.sessionAlive().get());
        } else {
            node.putNull("session_alive");
        }
        return node.toString();
    }

    /** @return the history entry on one line of JSON */
    public static String json(HistoryEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("entry_id", entry.entryId());
        node.put("job_id", entry.jobId());
        node.put("task_identifier", entry.taskIdentifier());
        putOptional(node, "queue_name", entry.queueName());
        putOptional(node, "key", entry.key());
        node.set("payload", entry.payload());
        node.put("attempts", entry.attempts());
        node.put("outcome", entry.outcome().name().toLowerCase(java.util.Locale.ROOT));
        putOptional(node, "last_error", entry.lastError());
        node.put("worker_id", entry.workerId());
        node.put("finished_at", entry.finishedAt().toString());
        node.put("run_time_ms", entry.runTime().toMillis());
        return node.toString();
    }

    /** @return the job in full, a column a line; the payload pretty-printed and the last error whole, below */
    public static List<String> details(JobView view) {
        Job job = view.job();
        List<String> lines = new ArrayList<>();
        field(lines, "id", Long.toString(job.id()));
        field(lines, "task", job.taskIdentifier());
        field(lines, "queue", job.queueName().orElse("-"));
        field(lines, "state", view.state().label());
        field(lines, "priority", Integer.toString(job.priority()));
        field(lines, "run_at", job.runAt().toString());
        field(lines, "attempts", job.attempts() + " of " + job.maxAttempts());
        field(lines, "key", job.key().orElse("-"));
        field(lines, "revision", Integer.toString(job.revision()));
        field(lines, "flags", job.flags().isEmpty() ? "-" : String.join(", ", new TreeSet<>(job.flags())));
        field(lines, "created_at", job.createdAt().toString());
        field(lines, "updated_at", job.updatedAt().toString());
        field(lines, "locked_by", job.lockedBy().orElse("-"));
        field(lines, "locked_at", job.lockedAt().map(Instant::toString).orElse("-"));
        lines.add("payload:");
        pretty(job.payload()).lines().forEach(line -> lines.add("  " + line));
        if (job.lastError().isPresent()) {
            lines.add("last_error:");
            job.lastError().get().lines().forEach(line -> lines.add("  " + line));
        } else {
            field(lines, "last_error", "-");
        }
        return lines;
    }

    /** @return the instant to the second, as a table shows it: {@code 2030-01-01T09:00:00Z} */
    public static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** @return how long, to the second or millisecond, for people: {@code 3m12s}, {@code 450ms} */
    public static String duration(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + "ms"
                : duration.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String session(Optional<Boolean> alive) {
        return alive.map(isAlive -> isAlive ? "alive" : "gone").orElse("unknown");
    }

    private static void field(List<String> lines, String name, String value) {
        lines.add(String.format("%-12s%s", name + ":", value));
    }

    private static String pretty(JsonNode payload) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return payload.toString();
        }
    }

    private static void putOptional(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
