package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads jobs from result sets. Every statement that returns jobs selects {@link #columns(String)}
 * from a {@code _private_jobs} row aliased as given, so one mapping serves them all.
 */
public final class JobRows {

    private final ObjectMapper objectMapper;
    private final String schema;

    /**
     * @param objectMapper parses payloads
     * @param schema the quoted schema name
     */
    public JobRows(ObjectMapper objectMapper, String schema) {
        this.objectMapper = objectMapper;
        this.schema = schema;
    }

    /**
     * @param alias the alias of a {@code _private_jobs} row in the statement
     * @return the select list this class reads, resolving task identifier and queue name
     */
    public String columns(String alias) {
        return alias + ".id, (select queue_name from " + schema + "._private_job_queues where id = " + alias
                + ".job_queue_id) as queue_name, (select identifier from " + schema + "._private_tasks where id = "
                + alias + ".task_id) as task_identifier, " + alias + ".payload::text as payload, " + alias
                + ".priority, " + alias + ".run_at, " + alias + ".attempts, " + alias + ".max_attempts, " + alias
                + ".last_error, " + alias + ".key, " + alias + ".revision, " + alias + ".flags::text as flags, "
                + alias + ".created_at, " + alias + ".updated_at, " + alias + ".locked_at, " + alias + ".locked_by";
    }

    /** @return every row of the result set as a job, skipping the all-null row of a function that found nothing */
    public List<JobRow> readAll(ResultSet rows) throws SQLException {
        List<JobRow> jobs = new ArrayList<>();
        while (rows.next()) {
            if (rows.getObject("id") != null) {
                jobs.add(read(rows));
            }
        }
        return jobs;
    }

    private JobRow read(ResultSet row) throws SQLException {
        return new JobRow(
                row.getLong("id"),
                row.getString("queue_name"),
                row.getString("task_identifier"),
                json(row.getString("payload")),
                row.getInt("priority"),
                instant(row, "run_at"),
                row.getInt("attempts"),
                row.getInt("max_attempts"),
                row.getString("last_error"),
                row.getString("key"),
                row.getInt("revision"),
                flags(row.getString("flags")),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "locked_at"),
                row.getString("locked_by"));
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WorkerException("A stored payload is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Set<String> flags(String text) {
        if (text == null) {
            return Set.of();
        }
        // Stored as a jsonb object {"flag": true, ...}; the keys are the flags.
        Set<String> flags = new HashSet<>();
        json(text).fieldNames().forEachRemaining(flags::add);
        return flags;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
