-- The naive PostgreSQL ceiling for a job's life in the queue: claim the next :batch available jobs, in
-- the order workers claim them, skipping those another connection holds, and delete them (what
-- completing a job does), in one statement. No worker can do less work per job than this, nor even
-- as little: claim-then-delete.sql is the fair ceiling, what a worker must do.
with claimed as (
  select id
  from graphile_worker._private_jobs
  where is_available = true and run_at <= now()
  order by priority, run_at
  limit :batch
  for update skip locked
)
delete from graphile_worker._private_jobs as jobs
using claimed
where jobs.id = claimed.id;
