-- The fair PostgreSQL ceiling for a job's life in the queue: what any worker must do, in the two
-- transactions it must do it in. claim-and-delete.sql is the naive ceiling: no worker can delete a
-- job in the statement that claims it, since the job has to run in between.
--
-- First transaction: claim the next :batch jobs as our worker does (worker-postgres-adapter,
-- PostgresJobStore; docs/compatibility.md, "Claiming"): available (is_available, the partial index
-- jobs_main_index), due, of a task the worker has, in no queue or in a queue not locked (or locked
-- longer than the lock timeout, four hours), in (priority, run_at) order with SKIP LOCKED; lock them
-- to this connection and count the attempt; return what a worker reads of each job (all of it goes
-- to pgbench, as one JSON value, since \gset keeps one row). These jobs are in no named queue, so
-- what our claim does for named queues alone (one job per queue per claim, lock the queue) is left out.
-- As our worker's claim (unless its claims are durable), this transaction commits without waiting
-- for the disk: synchronous_commit is off for it alone, set within the statement.
--
-- Second transaction: delete the claimed jobs, as completing them does.
with claimed as (
  update graphile_worker._private_jobs as jobs
  set attempts = jobs.attempts + 1, locked_by = 'pgbench-' || :client_id::text, locked_at = now()
  from graphile_worker._private_tasks as tasks
  where jobs.id in (
    select candidates.id
    from graphile_worker._private_jobs as candidates
    where candidates.is_available = true and candidates.run_at <= now()
      and candidates.task_id = any(array(select id from graphile_worker._private_tasks
        where identifier = any('{latency,mark,noop}'::text[])))
      and (candidates.job_queue_id is null or exists (
        select 1 from graphile_worker._private_job_queues as queues
        where queues.id = candidates.job_queue_id
          and (queues.locked_at is null or queues.locked_at < now() - interval '14400 seconds')
        for update skip locked))
    order by candidates.priority, candidates.run_at
    limit :batch
    for update of candidates skip locked)
  and tasks.id = jobs.task_id
  returning jobs.id, jobs.task_id, jobs.job_queue_id,
    (select queue_name from graphile_worker._private_job_queues where id = jobs.job_queue_id) as queue_name,
    tasks.identifier as task_identifier, jobs.payload::text as payload, jobs.priority, jobs.run_at,
    jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.key, jobs.revision, jobs.flags::text as flags,
    jobs.created_at, jobs.updated_at, jobs.locked_at, jobs.locked_by
)
select coalesce(array_agg(id), '{}') as ids, json_agg(claimed) as jobs
from claimed, (select set_config('synchronous_commit', 'off', true)) as async_commit
\gset
delete from graphile_worker._private_jobs where id = any(:ids::bigint[]);
