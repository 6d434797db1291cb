package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.ActionResult.Refusal;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.domain.admin.ActionRules;
import dev.graphileworker.postgres.internal.sql.LockTimeoutSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The operators' actions, each run inside the caller's transaction in two steps. First the selected
 * jobs are locked ({@code for update}), so that no worker claims or settles them until the action
 * commits, and sorted into those a live worker holds and the rest. Then the action runs on the jobs
 * it may change: graphile-worker's own function where one does exactly that (they skip locked jobs,
 * which is why jobs taken by force are unlocked first), a statement of its own otherwise.
 */
final class JobActions {

    private final String schema;
    private final JobConditions conditions;

    JobActions(String schema, JobConditions conditions) {
        this.schema = schema;
        this.conditions = conditions;
    }

    /** What an action does to the jobs it may change. */
    @FunctionalInterface
    interface Change {
        /**
         * @param ids the jobs, none held by a worker (any lock was released in this transaction), ascending
         * @return the ids of the jobs changed
         */
        List<Long> apply(Connection connection, Long[] ids) throws SQLException;
    }

    ActionResult act(Connection connection, JobSelection selection, boolean force, Change change) throws SQLException {
        List<Target> targets = lockTargets(connection, selection);
        List<Refusal> refused = new ArrayList<>();
        List<Target> actionable = new ArrayList<>();
        for (Target target : targets) {
            if (target.held() && !force) {
                refused.add(ActionRules.lockedBy(target.id(), target.lockedBy(), target.lockedAt()));
            } else {
                actionable.add(target);
            }
        }
        releaseLocks(connection, actionable);
        List<Long> changed = actionable.isEmpty() ? List.of()
                : change.apply(connection, actionable.stream().map(Target::id).toArray(Long[]::new));
        return new ActionResult(changed.stream().sorted().toList(), refused, missing(selection, targets));
    }

    /** Releases every lock of the selected jobs, however old, and the named queues their workers hold for them. */
    ActionResult unlock(Connection connection, JobSelection selection) throws SQLException {
        List<Target> targets = lockTargets(connection, selection);
        List<Target> locked = targets.stream().filter(target -> target.lockedBy() != null).toList();
        releaseLocks(connection, locked);
        List<Long> changed = locked.stream().map(Target::id).toList();
        announce(connection, changed.size());
        return new ActionResult(changed, List.of(), missing(selection, targets));
    }

    boolean unlockQueue(Connection connection, String queueName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("update " + schema + "._private_job_queues"
                + " set locked_at = null, locked_by = null where queue_name = ? and locked_at is not null")) {
            statement.setString(1, queueName);
            boolean wasLocked = statement.executeUpdate() > 0;
            announce(connection, wasLocked ? 1 : 0);
            return wasLocked;
        }
    }

    /** Due now; a permanently failed job gets one more attempt, or all of them again with {@code resetAttempts}. */
    Change retry(boolean resetAttempts) {
        return (connection, ids) -> {
            List<Long> changed = ids(connection, "update " + schema + "._private_jobs as j set run_at = now(),"
                    + " attempts = case when ? then 0 else j.attempts end,"
                    + " max_attempts = case when not ? and j.attempts >= j.max_attempts then j.attempts + 1"
                    + " else j.max_attempts end, updated_at = now() where j.id = any(?) returning j.id",
                    statement -> {
                        statement.setBoolean(1, resetAttempts);
                        statement.setBoolean(2, resetAttempts);
                        statement.setArray(3, connection.createArrayOf("bigint", ids));
                    });
            announce(connection, changed.size());
            return changed;
        };
    }

    Change reschedule(Instant runAt) {
        return (connection, ids) -> ids(connection, "select id from " + schema
                + ".reschedule_jobs(?::bigint[], run_at => ?::timestamptz)", statement -> {
                    statement.setArray(1, connection.createArrayOf("bigint", ids));
                    statement.setObject(2, runAt.atOffset(ZoneOffset.UTC));
                });
    }

    /** complete_jobs is a plain delete of unlocked jobs: exactly a removal. */
    Change remove() {
        return (connection, ids) -> ids(connection, "select id from " + schema + ".complete_jobs(?::bigint[])",
                statement -> statement.setArray(1, connection.createArrayOf("bigint", ids)));
    }

    Change failPermanently(String reason) {
        return (connection, ids) -> ids(connection, "select id from " + schema
                + ".permanently_fail_jobs(?::bigint[], ?)", statement -> {
                    statement.setArray(1, connection.createArrayOf("bigint", ids));
                    statement.setString(2, reason);
                });
    }

    private List<Target> lockTargets(Connection connection, JobSelection selection) throws SQLException {
        SqlCondition condition = conditions.of(selection);
        String sql = "select j.id, j.job_queue_id, j.locked_by, j.locked_at, " + LockTimeoutSql.isLocked("j")
                + " as held from " + schema + "._private_jobs as j where " + condition.sql()
                + " order by j.id for update of j";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            condition.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                List<Target> targets = new ArrayList<>();
                while (rows.next()) {
                    Timestamp lockedAt = rows.getTimestamp("locked_at");
                    targets.add(new Target(rows.getLong("id"), (Integer) rows.getObject("job_queue_id"),
                            rows.getString("locked_by"), lockedAt == null ? null : lockedAt.toInstant(),
                            rows.getBoolean("held")));
                }
                return targets;
            }
        }
    }

    /**
     * Unlocks the jobs that have a lock, and each one's named queue when the same worker holds it
     * (that worker locked it to run this job): otherwise the queue would stay closed until the worker
     * settles a job it no longer holds, or for the lock timeout.
     */
    private void releaseLocks(Connection connection, List<Target> targets) throws SQLException {
        List<Target> locked = targets.stream().filter(target -> target.lockedBy() != null).toList();
        if (locked.isEmpty()) {
            return;
        }
        try (PreparedStatement jobs = connection.prepareStatement("update " + schema + "._private_jobs"
                + " set locked_at = null, locked_by = null where id = any(?)")) {
            jobs.setArray(1, connection.createArrayOf("bigint", locked.stream().map(Target::id).toArray()));
            jobs.executeUpdate();
        }
        List<Target> inQueues = locked.stream().filter(target -> target.queueId() != null).toList();
        if (inQueues.isEmpty()) {
            return;
        }
        try (PreparedStatement queues = connection.prepareStatement("update " + schema + "._private_job_queues as q"
                + " set locked_at = null, locked_by = null from unnest(?::int[], ?::text[]) as h(queue_id, worker)"
                + " where q.id = h.queue_id and q.locked_by = h.worker")) {
            queues.setArray(1, connection.createArrayOf("integer", inQueues.stream().map(Target::queueId).toArray()));
            queues.setArray(2, connection.createArrayOf("text", inQueues.stream().map(Target::lockedBy).toArray()));
            queues.executeUpdate();
        }
    }

    /** Wakes idle workers (of either runtime) for jobs made runnable, as add_job does for new ones. */
    private static void announce(Connection connection, int count) throws SQLException {
        if (count == 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "select pg_notify('jobs:insert', format('{\"r\":%s,\"count\":%s}', random(), ?::int))")) {
            statement.setInt(1, count);
            statement.execute();
        }
    }

    private static List<Long> missing(JobSelection selection, List<Target> found) {
        if (!(selection instanceof JobSelection.Ids ids)) {
            return List.of();
        }
        Set<Long> existing = new HashSet<>();
        found.forEach(target -> existing.add(target.id()));
        Set<Long> missing = new LinkedHashSet<>(ids.ids());
        missing.removeAll(existing);
        return List.copyOf(missing);
    }

    private static List<Long> ids(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return ids;
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** A selected job as it was locked for the action. */
    private record Target(long id, Integer queueId, String lockedBy, Instant lockedAt, boolean held) {
    }
}
