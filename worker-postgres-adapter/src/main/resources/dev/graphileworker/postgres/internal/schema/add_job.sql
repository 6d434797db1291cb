-- add_jobs and add_job as of revision 20 (graphile-worker 0.18).
--
-- Written for this project; wire-compatible with graphile-worker 0.18 (see docs/compatibility.md,
-- "SQL functions").
-- One script serves two purposes, so the definitions exist once: a fresh install runs it right
-- after install.sql, and the upgrade from revision 19 (graphile-worker 0.17.x) runs it alone,
-- because revision 20 changed only these two functions: they insert task and queue rows only when
-- missing. Before, every call tried to insert them and let "on conflict do nothing" discard the
-- duplicates, which still used up a value of the identity sequence each time.
-- :GRAPHILE_WORKER_SCHEMA is replaced by the quoted schema identifier.

-- add_jobs: enqueue many jobs in one statement. A spec whose job_key matches an existing job
-- replaces that job in place, unless the existing one is running or out of attempts (then it keeps
-- running without its key and a new job is created). With job_key_preserve_run_at, a replaced job
-- that was never attempted keeps its run_at.
create or replace function :GRAPHILE_WORKER_SCHEMA.add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_preserve_run_at boolean default false
) returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language plpgsql
as $fn$
begin
  -- New task names get a row. Names already known are filtered out first rather than left to
  -- "on conflict", because a conflicting insert still consumes an identity value.
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
    select wanted.identifier
    from (select distinct s.identifier from unnest(specs) as s) as wanted
    where not exists (
      select from :GRAPHILE_WORKER_SCHEMA._private_tasks as t
      where t.identifier = wanted.identifier
    )
    on conflict do nothing;

  -- Same for queue names (a spec without a queue needs none).
  insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
    select wanted.queue_name
    from (
      select distinct s.queue_name from unnest(specs) as s where s.queue_name is not null
    ) as wanted
    where not exists (
      select from :GRAPHILE_WORKER_SCHEMA._private_job_queues as q
      where q.queue_name = wanted.queue_name
    )
    on conflict do nothing;

  -- A keyed job that is running (or stale-locked) or has used up its attempts cannot be updated
  -- in place: it gives up its key, so the insert below makes a new job, and it is marked as out
  -- of attempts, so the outdated one is not retried.
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as old
    set key = null,
        attempts = old.max_attempts,
        updated_at = now()
    where not old.is_available
      and old.key in (select s.job_key from unnest(specs) as s where s.job_key is not null);

  -- Wake the workers. The count is an upper bound (some specs may only update a job).
  perform pg_notify(
    'jobs:insert',
    format('{"r":%s,"count":%s}', random(), coalesce(cardinality(specs), 0))
  );

  return query
    insert into :GRAPHILE_WORKER_SCHEMA._private_jobs as j
      (job_queue_id, task_id, payload, run_at, max_attempts, key, priority, flags)
    select
      q.id,
      t.id,
      coalesce(s.payload, '{}'::json),
      coalesce(s.run_at, now()),
      coalesce(s.max_attempts, 25),
      s.job_key,
      coalesce(s.priority, 0),
      (select jsonb_object_agg(f.flag, true) from unnest(s.flags) as f(flag))
    from unnest(specs) as s
    inner join :GRAPHILE_WORKER_SCHEMA._private_tasks as t on t.identifier = s.identifier
    left join :GRAPHILE_WORKER_SCHEMA._private_job_queues as q on q.queue_name = s.queue_name
    on conflict (key) do update
      set job_queue_id = excluded.job_queue_id,
          task_id = excluded.task_id,
          -- two batches (JSON arrays) under one key become one batch
          payload = case
            when json_typeof(j.payload) = 'array' and json_typeof(excluded.payload) = 'array'
              then (j.payload::jsonb || excluded.payload::jsonb)::json
            else excluded.payload
          end,
          run_at = case
            when job_key_preserve_run_at and j.attempts = 0 then j.run_at
            else excluded.run_at
          end,
          max_attempts = excluded.max_attempts,
          priority = excluded.priority,
          flags = excluded.flags,
          attempts = 0,
          last_error = null,
          revision = j.revision + 1,
          updated_at = now()
      where j.locked_at is null
    returning *;
end;
$fn$;

-- add_job: enqueue one job. job_key_mode says what happens when a job with job_key exists:
-- 'replace' (the default) and 'preserve_run_at' behave as add_jobs; 'unsafe_dedupe' leaves the
-- existing job as it is (even a running one) and only bumps its revision.
create or replace function :GRAPHILE_WORKER_SCHEMA.add_job(
  identifier text,
  payload json default null,
  queue_name text default null,
  run_at timestamptz default null,
  max_attempts integer default null,
  job_key text default null,
  priority integer default null,
  flags text[] default null,
  job_key_mode text default 'replace'
) returns :GRAPHILE_WORKER_SCHEMA._private_jobs
language plpgsql
as $fn$
declare
  v_mode text := coalesce(add_job.job_key_mode, 'replace');
  v_job :GRAPHILE_WORKER_SCHEMA._private_jobs;
begin
  -- Without a key there is nothing to collide with, so the mode does not matter.
  if add_job.job_key is null or v_mode in ('replace', 'preserve_run_at') then
    select * into v_job
      from :GRAPHILE_WORKER_SCHEMA.add_jobs(
        array[
          row(
            add_job.identifier,
            add_job.payload,
            add_job.queue_name,
            add_job.run_at,
            add_job.max_attempts::smallint,
            add_job.job_key,
            add_job.priority::smallint,
            add_job.flags
          ):::GRAPHILE_WORKER_SCHEMA.job_spec
        ],
        v_mode = 'preserve_run_at'
      )
      limit 1;
    return v_job;
  end if;

  if v_mode <> 'unsafe_dedupe' then
    raise exception 'Unknown job_key_mode %; use ''replace'', ''preserve_run_at'' or ''unsafe_dedupe''.',
      quote_literal(v_mode)
      using errcode = 'GWBKM';
  end if;

  -- unsafe_dedupe: whatever job holds this key wins, even one that is already running and so may
  -- miss the change that led to this call. Only for rare de-duplication needs.
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
    select add_job.identifier
    where not exists (
      select from :GRAPHILE_WORKER_SCHEMA._private_tasks as t
      where t.identifier = add_job.identifier
    )
    on conflict do nothing;

  if add_job.queue_name is not null then
    insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
      select add_job.queue_name
      where not exists (
        select from :GRAPHILE_WORKER_SCHEMA._private_job_queues as q
        where q.queue_name = add_job.queue_name
      )
      on conflict do nothing;
  end if;

  insert into :GRAPHILE_WORKER_SCHEMA._private_jobs as j
    (job_queue_id, task_id, payload, run_at, max_attempts, key, priority, flags)
  select
    q.id,
    t.id,
    coalesce(add_job.payload, '{}'::json),
    coalesce(add_job.run_at, now()),
    coalesce(add_job.max_attempts, 25),
    add_job.job_key,
    coalesce(add_job.priority, 0),
    (select jsonb_object_agg(f.flag, true) from unnest(add_job.flags) as f(flag))
  from :GRAPHILE_WORKER_SCHEMA._private_tasks as t
  left join :GRAPHILE_WORKER_SCHEMA._private_job_queues as q on q.queue_name = add_job.queue_name
  where t.identifier = add_job.identifier
  on conflict (key) do update
    -- touch the existing row so that "returning" hands it back
    set revision = j.revision + 1,
        updated_at = now()
  returning * into v_job;

  -- Only a newly inserted job (revision still 0) is news for the workers.
  if v_job.revision = 0 then
    perform pg_notify('jobs:insert', format('{"r":%s,"count":1}', random()));
  end if;
  return v_job;
end;
$fn$;
