package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.sql.LockTimeoutSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The queues, tasks and workers as operators see them, each read in one statement or two. */
final class QueueOverview {

    private final String schema;
    private final WorkerSessions sessions;

    QueueOverview(String schema, WorkerSessions sessions) {
        this.schema = schema;
        this.sessions = sessions;
    }

    List<QueueView> queues(Connection connection) throws SQLException {
        // One scan of the jobs for all queues: a count per queue would scan them once per queue.
        String sql = "select q.queue_name, coalesce(w.waiting, 0) as waiting, q.locked_by, q.locked_at from " + schema
                + "._private_job_queues as q left join (select j.job_queue_id, count(*) as waiting from " + schema
                + "._private_jobs as j where j.job_queue_id is not null and j.attempts < j.max_attempts and not "
                + LockTimeoutSql.isLocked("j") + " group by 1) as w on w.job_queue_id = q.id order by q.queue_name";
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<QueueView> queues = new ArrayList<>();
            while (rows.next()) {
                Timestamp lockedAt = rows.getTimestamp("locked_at");
                queues.add(new QueueView(rows.getString("queue_name"), rows.getLong("waiting"),
                        Optional.ofNullable(rows.getString("locked_by")),
                        Optional.ofNullable(lockedAt).map(Timestamp::toInstant)));
            }
            return queues;
        }
    }

    List<TaskView> tasks(Connection connection) throws SQLException {
        // Counted by task id and state number first, named afterwards: grouping a million rows by text
        // (the identifier, the state's label) takes about three times as long.
        String sql = "select t.identifier, c.state, c.jobs from (select j.task_id, " + JobConditions.stateOrdinal()
                + " as state, count(*) as jobs from " + schema + "._private_jobs as j group by 1, 2) as c join "
                + schema + "._private_tasks as t on t.id = c.task_id order by 1";
        Map<String, Map<JobState, Long>> counts = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.computeIfAbsent(rows.getString(1), task -> new EnumMap<>(JobState.class))
                        .put(JobState.values()[rows.getInt(2)], rows.getLong(3));
            }
        }
        return counts.entrySet().stream().map(task -> new TaskView(task.getKey(), task.getValue())).toList();
    }

    /** Every lock holder, however old its locks: a stale lock still names a worker worth looking into. */
    List<WorkerView> workers(Connection connection) throws SQLException {
        Map<String, List<Long>> jobs = new TreeMap<>();
        Map<String, List<String>> queues = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("select locked_by, array_agg(id order by id)"
                + " from " + schema + "._private_jobs where locked_by is not null group by locked_by");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                jobs.put(rows.getString(1), Arrays.stream((Long[]) array(rows.getArray(2))).toList());
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("select locked_by,"
                + " array_agg(queue_name order by queue_name) from " + schema + "._private_job_queues"
                + " where locked_by is not null group by locked_by");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                queues.put(rows.getString(1), Arrays.stream((String[]) array(rows.getArray(2))).toList());
            }
        }
        TreeMap<String, Boolean> holders = new TreeMap<>();
        jobs.keySet().forEach(worker -> holders.put(worker, WorkerIds.promisesSession(worker)));
        queues.keySet().forEach(worker -> holders.put(worker, WorkerIds.promisesSession(worker)));
        // Only this library's session-holding workers show themselves in pg_stat_activity.
        Set<String> alive = holders.containsValue(true) ? sessions.workersWithOpenSessions() : Set.of();
        return holders.entrySet().stream().map(holder -> new WorkerView(holder.getKey(),
                jobs.getOrDefault(holder.getKey(), List.of()), queues.getOrDefault(holder.getKey(), List.of()),
                holder.getValue() ? Optional.of(alive.contains(holder.getKey())) : Optional.empty())).toList();
    }

    private static Object array(Array array) throws SQLException {
        try {
            return array.getArray();
        } finally {
            array.free();
        }
    }
}
