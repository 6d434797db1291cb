-- graphile-worker schema, revision 20, installed in one transaction.
--
-- Written for this project; wire-compatible with graphile-worker 0.18 (see docs/compatibility.md,
-- "The schema" and "SQL functions").
-- :GRAPHILE_WORKER_SCHEMA is replaced by Migrator with the double-quoted schema identifier before
-- this script runs. Object names below (sequences, constraints, indexes) are part of the contract:
-- they are the names a database upgraded step by step by graphile-worker ends up with.
-- The ledger rows are written by Migrator, not here; so is the schema, when it does not exist yet.

-- The migration ledger. It may already exist (empty) when another tool bootstrapped the schema.
create table if not exists :GRAPHILE_WORKER_SCHEMA.migrations (
  id int primary key,
  ts timestamptz not null default now(),
  breaking boolean not null default false
);

-- Task identifiers, numbered so that jobs carry a small integer instead of the name.
create table :GRAPHILE_WORKER_SCHEMA._private_tasks (
  id integer generated always as identity (sequence name :GRAPHILE_WORKER_SCHEMA.tasks_id_seq)
    constraint tasks_pkey primary key,
  identifier text not null
    constraint tasks_identifier_key unique
    constraint tasks_identifier_check check (length(identifier) <= 128)
);

-- Named queues. A queue locked by a worker runs nothing else until it is unlocked, which is what
-- makes a named queue serial.
create table :GRAPHILE_WORKER_SCHEMA._private_job_queues (
  id integer generated always as identity (sequence name :GRAPHILE_WORKER_SCHEMA.job_queues_id_seq)
    constraint job_queues_pkey1 primary key,
  queue_name text not null
    constraint job_queues_queue_name_key unique
    constraint job_queues_queue_name_check check (length(queue_name) <= 128),
  locked_at timestamptz,
  locked_by text,
  is_available boolean not null generated always as (locked_at is null) stored
);

-- The jobs themselves. There are deliberately no foreign keys: task and queue rows are never
-- deleted while jobs may refer to them, and the checks would only slow down enqueueing.
create table :GRAPHILE_WORKER_SCHEMA._private_jobs (
  id bigint generated always as identity (sequence name :GRAPHILE_WORKER_SCHEMA.jobs_id_seq1)
    constraint jobs_pkey1 primary key,
  job_queue_id integer,
  task_id integer not null,
  payload json not null default '{}'::json,
  priority smallint not null default 0,
  run_at timestamptz not null default now(),
  attempts smallint not null default 0,
  max_attempts smallint not null default 25
    constraint jobs_max_attempts_check check (max_attempts >= 1),
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  key text
    constraint jobs_key_key1 unique
    constraint jobs_key_check check (length(key) > 0 and length(key) <= 512),
  locked_at timestamptz,
  locked_by text,
  revision integer not null default 0,
  flags jsonb,
  is_available boolean not null
    generated always as (locked_at is null and attempts < max_attempts) stored
);

-- Claiming scans available jobs in (priority, run_at) order; the second index serves workers
-- that only look at jobs without a queue.
create index jobs_main_index
  on :GRAPHILE_WORKER_SCHEMA._private_jobs using btree (priority, run_at)
  include (id, task_id, job_queue_id)
  where is_available = true;

create index jobs_no_queue_index
  on :GRAPHILE_WORKER_SCHEMA._private_jobs using btree (priority, run_at)
  include (id, task_id)
  where is_available = true and job_queue_id is null;

-- Per cron item: when it was first seen and when it last ran, for backfilling and so that two
-- workers never both enqueue the same tick.
create table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs (
  identifier text not null constraint known_crontabs_pkey primary key,
  known_since timestamptz not null,
  last_execution timestamptz
);

-- The private tables are reached through the functions below; with row level security on and
-- no policy, other roles see nothing even if someone grants them the tables.
alter table :GRAPHILE_WORKER_SCHEMA._private_jobs enable row level security;
alter table :GRAPHILE_WORKER_SCHEMA._private_job_queues enable row level security;
alter table :GRAPHILE_WORKER_SCHEMA._private_tasks enable row level security;
alter table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs enable row level security;

-- One job for add_jobs.
create type :GRAPHILE_WORKER_SCHEMA.job_spec as (
  identifier text,
  payload json,
  queue_name text,
  run_at timestamptz,
  max_attempts smallint,
  job_key text,
  priority smallint,
  flags text[]
);

-- A read-only look at the jobs with names instead of ids (no payload).
create view :GRAPHILE_WORKER_SCHEMA.jobs as
  select
    jobs.id,
    job_queues.queue_name,
    tasks.identifier as task_identifier,
    jobs.priority,
    jobs.run_at,
    jobs.attempts,
    jobs.max_attempts,
    jobs.last_error,
    jobs.created_at,
    jobs.updated_at,
    jobs.key,
    jobs.locked_at,
    jobs.locked_by,
    jobs.revision,
    jobs.flags
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  inner join :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks
    on tasks.id = jobs.task_id
  left join :GRAPHILE_WORKER_SCHEMA._private_job_queues as job_queues
    on job_queues.id = jobs.job_queue_id;

-- add_jobs and add_job follow in add_job.sql, which the upgrade from revision 19 runs too.

-- remove_job: cancel the job with this key. A job that is not running is deleted; a running one
-- loses its key and is marked out of attempts so it is not retried after this run.
create function :GRAPHILE_WORKER_SCHEMA.remove_job(job_key text)
returns :GRAPHILE_WORKER_SCHEMA._private_jobs
language plpgsql
strict
as $fn$
declare
  v_job :GRAPHILE_WORKER_SCHEMA._private_jobs;
begin
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    where j.key = remove_job.job_key
      and (j.locked_at is null or j.locked_at < now() - interval '4 hours')
    returning * into v_job;
  if found then
    perform pg_notify('jobs:insert', format('{"r":%s,"count":-1}', random()));
    return v_job;
  end if;

  update :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    set key = null,
        attempts = j.max_attempts,
        updated_at = now()
    where j.key = remove_job.job_key
    returning * into v_job;
  return v_job;
end;
$fn$;

-- complete_jobs: an operator marks jobs as done without running them. Running jobs (locked within
-- the last 4 hours) are left alone.
create function :GRAPHILE_WORKER_SCHEMA.complete_jobs(job_ids bigint[])
returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language sql
as $fn$
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    where j.id = any(complete_jobs.job_ids)
      and (j.locked_at is null or j.locked_at < now() - interval '4 hours')
    returning *;
$fn$;

-- permanently_fail_jobs: an operator gives up on jobs; they stay in the table, failed.
create function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(
  job_ids bigint[],
  error_message text default null
) returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language sql
as $fn$
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    set last_error = coalesce(permanently_fail_jobs.error_message, 'Manually marked as failed'),
        attempts = j.max_attempts,
        updated_at = now()
    where j.id = any(permanently_fail_jobs.job_ids)
      and (j.locked_at is null or j.locked_at < now() - interval '4 hours')
    returning *;
$fn$;

-- reschedule_jobs: an operator changes when and how jobs run; a null argument keeps the value.
create function :GRAPHILE_WORKER_SCHEMA.reschedule_jobs(
  job_ids bigint[],
  run_at timestamptz default null,
  priority integer default null,
  attempts integer default null,
  max_attempts integer default null
) returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language sql
as $fn$
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    set run_at = coalesce(reschedule_jobs.run_at, j.run_at),
        priority = coalesce(reschedule_jobs.priority::smallint, j.priority),
        attempts = coalesce(reschedule_jobs.attempts::smallint, j.attempts),
        max_attempts = coalesce(reschedule_jobs.max_attempts::smallint, j.max_attempts),
        updated_at = now()
    where j.id = any(reschedule_jobs.job_ids)
      and (j.locked_at is null or j.locked_at < now() - interval '4 hours')
    returning *;
$fn$;

-- force_unlock_workers: free every job and queue held by workers known to be dead.
create function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers(worker_ids text[])
returns void
language sql
as $fn$
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    set locked_at = null, locked_by = null
    where j.locked_by = any(force_unlock_workers.worker_ids);
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as q
    set locked_at = null, locked_by = null
    where q.locked_by = any(force_unlock_workers.worker_ids);
$fn$;
