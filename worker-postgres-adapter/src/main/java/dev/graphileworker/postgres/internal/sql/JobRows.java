package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.StoredPayload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads jobs from result sets. Every statement that returns jobs selects {@link #columns(String)}
 * from a {@code _private_jobs} row aliased as given, so one mapping serves them all.
 */
public final class JobRows {

    /**
     * The place of {@code run_at} in {@link #columns(String, String, String)}; the driver sends the
     * other timestamps in the same format.
     */
    private static final int RUN_AT_COLUMN = 8;

    /** What {@link PGResultSetMetaData#getFormat(int)} answers for a column sent in binary. */
    private static final int BINARY_FORMAT = 1;

    private final Supplier<ObjectMapper> objectMapper;
    private final String schema;

    /**
     * @param objectMapper gives the mapper that parses payloads, the same each time (the worker's makes it
     *     when first asked)
     * @param schema the quoted schema name
     */
    public JobRows(Supplier<ObjectMapper> objectMapper, String schema) {
        this.objectMapper = objectMapper;
        this.schema = schema;
    }

    /**
     * @param alias the alias of a {@code _private_jobs} row in the statement
     * @return the select list this class reads, resolving task identifier and queue name by a
     *     sub-select for each row
     */
    public String columns(String alias) {
        return columns(alias, "(select queue_name from " + schema + "._private_job_queues where id = " + alias
                + ".job_queue_id)", "(select identifier from " + schema + "._private_tasks where id = " + alias
                + ".task_id)");
    }

    /**
     * @param alias the alias of a {@code _private_jobs} row in the statement
     * @param queueName the statement's expression for the job's queue name
     * @param taskIdentifier the statement's expression for the job's task identifier
     * @return the select list this class reads
     */
    public String columns(String alias, String queueName, String taskIdentifier) {
        return alias + ".id, " + alias + ".task_id, " + alias + ".job_queue_id, " + queueName + " as queue_name, "
                + taskIdentifier + " as task_identifier, " + alias + ".payload::text as payload, " + alias
                + ".priority, " + alias + ".run_at, " + alias + ".attempts, " + alias + ".max_attempts, " + alias
                + ".last_error, " + alias + ".key, " + alias + ".revision, " + alias + ".flags::text as flags, "
                + alias + ".created_at, " + alias + ".updated_at, " + alias + ".locked_at, " + alias + ".locked_by";
    }

    /**
     * Reads every row of the result set as a job, skipping the all-null row of a function that found
     * nothing.
     *
     * <p>A task or queue row that {@code add_job} created during the statement is invisible to the
     * statement's own sub-selects (they see the snapshot taken when it began), so such names are
     * looked up afterwards on {@code connection}: one more round trip, only the first time a task or
     * queue is used.
     */
    public List<JobRow> readAll(Connection connection, ResultSet rows) throws SQLException {
        List<StoredRow> stored = new ArrayList<>();
        boolean binaryTimestamps = binaryTimestamps(rows);
        while (rows.next()) {
            long id = rows.getLong(1);
            if (!rows.wasNull()) {
                stored.add(StoredRow.read(rows, id, binaryTimestamps));
            }
        }
        Map<Integer, String> tasks = new HashMap<>();
        Map<Integer, String> queues = new HashMap<>();
        for (StoredRow row : stored) {
            if (row.taskIdentifier == null) {
                tasks.put(row.taskId, null);
            }
            if (row.queueId != null && row.queueName == null) {
                queues.put(row.queueId, null);
            }
        }
        lookUp(connection, "select id, identifier from " + schema + "._private_tasks where id = any(?)", tasks);
        lookUp(connection, "select id, queue_name from " + schema + "._private_job_queues where id = any(?)", queues);
        List<JobRow> jobs = new ArrayList<>(stored.size());
        for (StoredRow row : stored) {
            jobs.add(toJob(row,
                    row.taskIdentifier != null ? row.taskIdentifier : tasks.get(row.taskId),
                    row.queueId == null || row.queueName != null ? row.queueName : queues.get(row.queueId)));
        }
        return jobs;
    }

    /**
     * @return whether the driver received this result's timestamps in binary, as it does for a statement
     *     prepared on the server; {@code false} when the result set cannot say (it is not the
     *     PostgreSQL driver's, nor wraps it), and they are then read as text
     */
    private static boolean binaryTimestamps(ResultSet rows) throws SQLException {
        ResultSetMetaData metaData = rows.getMetaData();
        return metaData.isWrapperFor(PGResultSetMetaData.class)
                && metaData.unwrap(PGResultSetMetaData.class).getFormat(RUN_AT_COLUMN) == BINARY_FORMAT;
    }

    private static void lookUp(Connection connection, String sql, Map<Integer, String> names) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("integer", names.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.put(rows.getInt(1), rows.getString(2));
                }
            }
        }
    }

    private JobRow toJob(StoredRow row, String taskIdentifier, String queueName) {
        // The payload is parsed by whoever first reads it: the runner, not this thread, which reads a
        // whole claim alone.
        return new JobRow(row.id, queueName, taskIdentifier, StoredPayload.parsedOnFirstUse(row.payload, this::json),
                row.priority, row.runAt, row.attempts, row.maxAttempts, row.lastError, row.key, row.revision,
                flags(row.flags), row.createdAt, row.updatedAt, row.lockedAt, row.lockedBy);
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.get().readTree(text);
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

    /**
     * One row as read, before task and queue names are known for certain. Columns are read by their
     * place in {@link #columns(String, String, String)}, which every statement's select list begins
     * with: by name, the driver looks each up (case-insensitively) for every job.
     */
    private record StoredRow(long id, int taskId, Integer queueId, String queueName, String taskIdentifier,
            String payload, int priority, Instant runAt, int attempts, int maxAttempts, String lastError, String key,
            int revision, String flags, Instant createdAt, Instant updatedAt, Instant lockedAt, String lockedBy) {

        static StoredRow read(ResultSet row, long id, boolean binaryTimestamps) throws SQLException {
            int taskId = row.getInt(2);
            int queueId = row.getInt(3);
            Integer queue = row.wasNull() ? null : queueId;
            return new StoredRow(
                    id,
                    taskId,
                    queue,
                    row.getString(4),
                    row.getString(5),
                    row.getString(6),
                    row.getInt(7),
                    instant(row, RUN_AT_COLUMN, binaryTimestamps),
                    row.getInt(9),
                    row.getInt(10),
                    row.getString(11),
                    row.getString(12),
                    row.getInt(13),
                    row.getString(14),
                    instant(row, 15, binaryTimestamps),
                    instant(row, 16, binaryTimestamps),
                    instant(row, 17, binaryTimestamps),
                    row.getString(18));
        }

        /*
         * Read from the bytes the server sent, by TimestampBinary or TimestampText; the driver's
         * Timestamp (the same instant) for the rare value they do not read (infinity, years beyond
         * 9999). An OffsetDateTime would cost several objects more (Java 17 builds new zone rules for
         * each).
         */
        private static Instant instant(ResultSet row, int column, boolean binary) throws SQLException {
            Instant read;
            if (binary) {
                byte[] value = row.getBytes(column);
                if (value == null) {
                    return null;
                }
                read = TimestampBinary.decode(value);
            } else {
                String text = row.getString(column);
                if (text == null) {
                    return null;
                }
                read = TimestampText.parse(text);
            }
            return read != null ? read : row.getTimestamp(column).toInstant();
        }
    }
}
