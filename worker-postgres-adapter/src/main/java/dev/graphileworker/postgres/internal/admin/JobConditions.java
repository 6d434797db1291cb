package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.postgres.internal.sql.LockTimeoutSql;
import java.util.function.Function;

/**
 * {@link JobFilter}s, {@link JobSelection}s and {@link JobState}s as SQL over a {@code _private_jobs}
 * row aliased {@code j}. The state expression is {@link dev.graphileworker.domain.admin.JobStates} in
 * SQL: the same tests in the same order.
 */
final class JobConditions {

    private final String schema;

    /** @param schema the quoted schema name */
    JobConditions(String schema) {
        this.schema = schema;
    }

    /** @return the state of job {@code j} as of the statement's {@code now()}, as its {@link JobState#label()} */
    static String state() {
        return state(value -> "'" + value.label() + "'");
    }

    /**
     * @return the state of job {@code j} as of the statement's {@code now()}, as its {@link JobState#ordinal()}:
     *     grouping a large table by a number is about three times cheaper than by text
     */
    static String stateOrdinal() {
        return state(value -> String.valueOf(value.ordinal()));
    }

    private static String state(Function<JobState, String> literal) {
        String locked = LockTimeoutSql.isLocked("j");
        return "(case when not " + locked + " and j.attempts >= j.max_attempts then "
                + literal.apply(JobState.PERMANENTLY_FAILED)
                + " when " + locked + " then " + literal.apply(JobState.LOCKED)
                + " when j.last_error is not null then " + literal.apply(JobState.FAILED)
                + " when j.run_at > now() then " + literal.apply(JobState.SCHEDULED)
                + " else " + literal.apply(JobState.RUNNABLE) + " end)";
    }

    SqlCondition of(JobSelection selection) {
        if (selection instanceof JobSelection.Ids ids) {
            return SqlCondition.of("j.id = any(?)", SqlParameter.numbers(ids.ids().toArray()));
        }
        return of(((JobSelection.Matching) selection).filter());
    }

    SqlCondition of(JobFilter filter) {
        SqlCondition condition = SqlCondition.ALWAYS;
        if (!filter.states().isEmpty()) {
            condition = condition.and(SqlCondition.of(state() + " = any(?)",
                    SqlParameter.texts(filter.states().stream().map(JobState::label).toArray())));
        }
        if (filter.taskIdentifier().isPresent()) {
            condition = condition.and(SqlCondition.of("j.task_id = (select id from " + schema
                    + "._private_tasks where identifier = ?)", SqlParameter.text(filter.taskIdentifier().get())));
        }
        if (filter.queueName().isPresent()) {
            condition = condition.and(SqlCondition.of("j.job_queue_id = (select id from " + schema
                    + "._private_job_queues where queue_name = ?)", SqlParameter.text(filter.queueName().get())));
        }
        if (filter.jobKey().isPresent()) {
            condition = condition.and(SqlCondition.of("j.key = ?", SqlParameter.text(filter.jobKey().get())));
        }
        if (filter.flag().isPresent()) {
            // ?? is the jsonb "has key" operator ?, escaped for JDBC.
            condition = condition.and(SqlCondition.of("j.flags ?? ?", SqlParameter.text(filter.flag().get())));
        }
        if (filter.errorContaining().isPresent()) {
            // strpos, not like: % and _ in the operator's text are plain characters.
            condition = condition.and(SqlCondition.of("strpos(lower(j.last_error), lower(?)) > 0",
                    SqlParameter.text(filter.errorContaining().get())));
        }
        return condition;
    }
}
