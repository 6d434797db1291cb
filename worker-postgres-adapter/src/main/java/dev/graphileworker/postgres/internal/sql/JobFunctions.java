package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.EnqueueInterceptor;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.PayloadConversion;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls the schema's SQL functions ({@code add_job}, {@code add_jobs}, {@code remove_job}, ...) on a
 * given connection: the one place Java adds and administers jobs, so Java and SQL users share one
 * implementation. Payloads become JSON through the application's {@link PayloadMapper} when it gave
 * one, else through the library's own mapper, directly.
 */
public final class JobFunctions {

    private final Supplier<ObjectMapper> objectMapper;
    private final Optional<PayloadMapper> payloadMapper;
    private final EnqueueInterceptor interceptor;
    private final JobRows jobRows;
    private final String addJob;
    private final String addJobs;
    private final String removeJob;
    private final String completeJobs;
    private final String permanentlyFailJobs;
    private final String rescheduleJobs;
    private final String forceUnlockWorkers;

    /**
     * Functions whose payloads become JSON through the library's own mapper.
     *
     * @param objectMapper turns payloads into JSON
     * @param schema the quoted schema name
     * @param jobRows reads the returned jobs
     */
    public JobFunctions(Supplier<ObjectMapper> objectMapper, String schema, JobRows jobRows) {
        this(objectMapper, Optional.empty(), (task, options) -> options, schema, jobRows);
    }

    /**
     * @param objectMapper writes JSON, and turns payloads into JSON when the application gave no mapper
     * @param payloadMapper the application's mapper of payloads, if it gave one
     * @param interceptor sees each job before it is added, and may change its options
     * @param schema the quoted schema name
     * @param jobRows reads the returned jobs
     */
    public JobFunctions(Supplier<ObjectMapper> objectMapper, Optional<PayloadMapper> payloadMapper,
            EnqueueInterceptor interceptor, String schema, JobRows jobRows) {
        this.objectMapper = objectMapper;
        this.payloadMapper = payloadMapper;
        this.interceptor = interceptor;
        this.jobRows = jobRows;
        this.addJob = jobsOf(schema, jobRows, "add_job(identifier => ?, payload => ?::json, "
                + "queue_name => ?, run_at => ?::timestamptz, max_attempts => ?::int, job_key => ?, "
                + "priority => ?::int, flags => ?::text[], job_key_mode => ?)");
        this.addJobs = jobsOf(schema, jobRows, "add_jobs(array("
                + "select row(s.identifier, s.payload, s.queue_name, s.run_at, s.max_attempts, s.job_key, "
                + "s.priority, s.flags)::" + schema + ".job_spec"
                + " from json_populate_recordset(null::" + schema + ".job_spec, ?::json) with ordinality"
                + " as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, position)"
                + " order by s.position), ?)");
        this.removeJob = jobsOf(schema, jobRows, "remove_job(?)");
        this.completeJobs = jobsOf(schema, jobRows, "complete_jobs(?::bigint[])");
        this.permanentlyFailJobs = jobsOf(schema, jobRows, "permanently_fail_jobs(?::bigint[], ?)");
        this.rescheduleJobs = jobsOf(schema, jobRows, "reschedule_jobs(?::bigint[], "
                + "run_at => ?::timestamptz, priority => ?::int, attempts => ?::int, max_attempts => ?::int)");
        this.forceUnlockWorkers = "select " + schema + ".force_unlock_workers(?::text[])";
    }

    /**
     * Selects the jobs a function returns, with names joined once per statement rather than looked
     * up for each row. A task or queue the function itself created is not in the statement's
     * snapshot: {@link JobRows#readAll} looks such names up afterwards. The jobs keep the order the
     * function returns them in, which a join alone need not.
     */
    private static String jobsOf(String schema, JobRows jobRows, String call) {
        return "select " + jobRows.columns("j", "queues.queue_name", "tasks.identifier") + " from " + schema + "."
                + call + " with ordinality as j left join " + schema + "._private_tasks as tasks on tasks.id = j.task_id"
                + " left join " + schema + "._private_job_queues as queues on queues.id = j.job_queue_id"
                + " order by j.ordinality";
    }

    /** {@code add_job} on {@code connection}. */
    public Job addJob(Connection connection, String identifier, Object payload, AddJobOptions requested) {
        // Before any statement: a payload that cannot be written adds nothing.
        String payloadJson = payload == null ? null : json(applicationPayload(identifier, payload));
        AddJobOptions options = interceptor.beforeAdd(identifier, requested);
        return single(query(connection, "add a job for task '" + identifier + "'", addJob, statement -> {
            statement.setString(1, identifier);
            statement.setString(2, payloadJson);
            statement.setString(3, options.queueName().orElse(null));
            statement.setObject(4, timestamp(options.runAt().orElse(null)));
            statement.setObject(5, options.maxAttempts().orElse(null), Types.INTEGER);
            statement.setString(6, options.jobKey().orElse(null));
            statement.setObject(7, options.priority().orElse(null), Types.INTEGER);
            statement.setArray(8, options.flags().isEmpty() ? null
                    : connection.createArrayOf("text", options.flags().toArray()));
            statement.setString(9, options.jobKeyMode().sqlName());
        })).orElseThrow(() -> new WorkerException("add_job returned no job for task '" + identifier + "'"));
    }

    /** {@code add_jobs} on {@code connection}. */
    public List<Job> addJobs(Connection connection, List<JobSpec> specs, boolean preserveRunAt) {
        if (specs.isEmpty()) {
            return List.of();
        }
        String specsJson = specsJson(specs);
        return query(connection, "add " + specs.size() + " jobs", addJobs, statement -> {
            statement.setString(1, specsJson);
            statement.setBoolean(2, preserveRunAt);
        });
    }

    /**
     * The specs as the JSON array {@code json_populate_recordset} reads, each object with only the
     * fields its spec sets (a missing field reads as null): PostgreSQL parses every byte of it in the
     * statement, and a full row of nulls tripled the text. Written straight to text, without a tree.
     */
    private String specsJson(List<JobSpec> specs) {
        ObjectMapper mapper = objectMapper.get();
        StringWriter text = new StringWriter();
        try (JsonGenerator out = mapper.createGenerator(text)) {
            out.writeStartArray();
            for (JobSpec spec : specs) {
                AddJobOptions options = interceptor.beforeAdd(spec.identifier(), spec.options());
                out.writeStartObject();
                out.writeStringField("identifier", spec.identifier());
                if (spec.payload() != null) {
                    out.writeFieldName("payload");
                    mapper.writeValue(out, applicationPayload(spec.identifier(), spec.payload()));
                }
                optionalField(out, "queue_name", options.queueName());
                optionalField(out, "run_at", options.runAt().map(Instant::toString));
                optionalField(out, "job_key", options.jobKey());
                if (options.maxAttempts().isPresent()) {
                    out.writeNumberField("max_attempts", options.maxAttempts().get());
                }
                if (options.priority().isPresent()) {
                    out.writeNumberField("priority", options.priority().get());
                }
                if (!options.flags().isEmpty()) {
                    out.writeArrayFieldStart("flags");
                    for (String flag : options.flags()) {
                        out.writeString(flag);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (JsonProcessingException e) {
            throw new WorkerException("The payload cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to a string failed", e);
        }
        return text.toString();
    }

    private static void optionalField(JsonGenerator out, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            out.writeStringField(name, value.get());
        }
    }

    /** {@code remove_job} on {@code connection}. */
    public Optional<Job> removeJob(Connection connection, String jobKey) {
        return single(query(connection, "remove the job with key '" + jobKey + "'", removeJob,
                statement -> statement.setString(1, jobKey)));
    }

    /** {@code complete_jobs} on {@code connection}. */
    public List<Job> completeJobs(Connection connection, Collection<Long> jobIds) {
        return query(connection, "complete jobs", completeJobs,
                statement -> statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray())));
    }

    /** {@code permanently_fail_jobs} on {@code connection}. */
    public List<Job> permanentlyFailJobs(Connection connection, Collection<Long> jobIds, String reason) {
        return query(connection, "fail jobs permanently", permanentlyFailJobs, statement -> {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.setString(2, reason);
        });
    }

    /** {@code reschedule_jobs} on {@code connection}. */
    public List<Job> rescheduleJobs(Connection connection, Collection<Long> jobIds, RescheduleOptions changes) {
        return query(connection, "reschedule jobs", rescheduleJobs, statement -> {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.setObject(2, timestamp(changes.runAt()));
            statement.setObject(3, changes.priority(), Types.INTEGER);
            statement.setObject(4, changes.attempts(), Types.INTEGER);
            statement.setObject(5, changes.maxAttempts(), Types.INTEGER);
        });
    }

    /** {@code force_unlock_workers} on {@code connection}. */
    public void forceUnlockWorkers(Connection connection, Collection<String> workerIds) {
        try (PreparedStatement statement = connection.prepareStatement(forceUnlockWorkers)) {
            statement.setArray(1, connection.createArrayOf("text", workerIds.toArray()));
            statement.execute();
        } catch (SQLException e) {
            throw new WorkerException("Could not unlock workers " + workerIds + ": " + e.getMessage(), e);
        }
    }

    private List<Job> query(Connection connection, String what, String sql, Binder binder) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return List.copyOf(jobRows.readAll(connection, rows));
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The payload as the application's mapper writes it, or as it is when the application gave no
     * mapper (the library's mapper then writes it directly, as it always has) or it is JSON already.
     */
    private Object applicationPayload(String identifier, Object payload) {
        if (payloadMapper.isEmpty() || payload instanceof JsonNode) {
            return payload;
        }
        return PayloadConversion.toJson(payloadMapper.get(), identifier, payload);
    }

    private String json(Object payload) {
        try {
            return objectMapper.get().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new WorkerException("The payload cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Optional<Job> single(List<Job> jobs) {
        return jobs.stream().findFirst();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
