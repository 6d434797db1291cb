package dev.graphileworker.cli;

/**
 * The tables the fault tests read their verdicts from, in a schema beside the queue's: {@code added}
 * (every job a test added, with its kind: the test's name for what the job does) and {@code runs} (every run of {@link FaultTasks}'
 * {@code record} task: job, attempt, queue, worker, process, start and end on the database's clock,
 * outcome), and the function {@code fails(job_id, attempt, percent)} that decides, the same way for
 * the task and for the test, which attempts fail on purpose.
 */
final class RunLedger {

    /** Creates the ledger; {@code {ledger}} stands for its quoted schema name. */
    static final String CREATE = """
            create schema {ledger};
            create table {ledger}.added (
              job_id bigint primary key,
              kind text not null
            );
            create table {ledger}.runs (
              id bigserial primary key,
              job_id bigint not null,
              attempt int not null,
              queue_name text,
              worker_id text not null,
              pid bigint not null,
              started_at timestamptz not null default clock_timestamp(),
              ended_at timestamptz,
              outcome text
            );
            create index on {ledger}.runs (job_id);
            -- Deterministic per job and attempt, so a retry may succeed where the first attempt failed.
            create function {ledger}.fails(job_id bigint, attempt int, percent int) returns boolean
              language sql immutable
              as $$ select mod(hashint8(job_id * 100 + attempt)::bigint + 2147483648, 100) < percent $$;
            """;

    /** Runs of one named queue whose times overlap: two jobs of the queue ran at once. */
    static final String OVERLAPPING_RUNS_IN_A_QUEUE = """
            select a.queue_name || ': job ' || a.job_id || ' and job ' || b.job_id
            from {ledger}.runs as a
            join {ledger}.runs as b on b.queue_name = a.queue_name and b.id > a.id
              and tstzrange(a.started_at, a.ended_at) && tstzrange(b.started_at, b.ended_at)
            """;

    /** Jobs whose task said "succeeded" more than once. */
    static final String JOBS_SUCCEEDED_MORE_THAN_ONCE = """
            select job_id || ' succeeded ' || count(*) || ' times' from {ledger}.runs
            where outcome = 'succeeded' group by job_id having count(*) > 1
            """;

    /** Jobs added by the test that are no longer in the queue. */
    static final String COMPLETED_JOBS = """
            select count(*) from {ledger}.added as added
            where not exists (select 1 from {jobs} as jobs where jobs.id = added.job_id)
            """;

    /** Jobs added by the test that are still in the queue. */
    static final String JOBS_LEFT = """
            select count(*) from {ledger}.added as added
            where exists (select 1 from {jobs} as jobs where jobs.id = added.job_id)
            """;

    /** Jobs and named queues that a worker holds. */
    static final String LOCKS_HELD = """
            select 'job ' || id || ' locked by ' || locked_by from {jobs} where locked_by is not null
            union all
            select 'queue ' || queue_name || ' locked by ' || locked_by from {queues} where locked_by is not null
            """;

    private RunLedger() {
    }
}
