// Runs a graphile-worker whose tasks record every run in the table interop_runs (which the caller
// creates): the job as the task sees it, and when the task started and finished by the database
// clock, so that runs of Node and Java workers can be compared. The Node job carries job_queue_id
// only; the queue's name is looked up.
//   DATABASE_URL=... node run-worker.mjs --release 0.18 --task hello=record --task flaky=fail [--once]
// Behaviours: "record" records the run and succeeds; "fail" records the run and throws
// "failed by node-<release> on attempt <n>"; "hold" records the run and keeps the job until stdin
// closes, then succeeds.
// --once: run until no job is runnable (runOnce). Otherwise: run, print {"ready":true} once
// started, and stop gracefully when stdin closes.
import { fail, loadGraphileWorker, parseOptions, quoteIdentifier, sharedOptions, workerSchema, writeResult } from "./lib.mjs";

const { release, task: taskArgs = [], once, concurrency } = parseOptions({
  task: { type: "string", multiple: true },
  once: { type: "boolean", default: false },
  concurrency: { type: "string", default: "1" },
});
const runtime = `node-${release}`;
const graphileWorker = await loadGraphileWorker(release);
const jobQueues = `${quoteIdentifier(workerSchema())}._private_job_queues`;

async function startRun(helpers) {
  const job = helpers.job;
  const {
    rows: [row],
  } = await helpers.query(
    `insert into interop_runs (job_id, runtime, task_identifier, queue_name, payload, job_key, priority,
       run_at, attempts, max_attempts, last_error, flags, started_at)
     values ($1::bigint, $2, $3, (select queue_name from ${jobQueues} where id = $4::int), $5::json, $6, $7,
       $8::timestamptz, $9, $10, $11, $12::jsonb, clock_timestamp())
     returning run_id`,
    [
      job.id,
      runtime,
      job.task_identifier,
      job.job_queue_id,
      JSON.stringify(job.payload),
      job.key,
      job.priority,
      job.run_at,
      job.attempts,
      job.max_attempts,
      job.last_error,
      job.flags == null ? null : JSON.stringify(job.flags),
    ],
  );
  return row.run_id;
}

async function finishRun(helpers, runId) {
  await helpers.query("update interop_runs set finished_at = clock_timestamp() where run_id = $1", [runId]);
}

let releaseHeldJobs;
const heldJobsReleased = new Promise((resolve) => {
  releaseHeldJobs = resolve;
});

const behaviours = {
  record: async (payload, helpers) => {
    await finishRun(helpers, await startRun(helpers));
  },
  fail: async (payload, helpers) => {
    await finishRun(helpers, await startRun(helpers));
    throw new Error(`failed by ${runtime} on attempt ${helpers.job.attempts}`);
  },
  hold: async (payload, helpers) => {
    const runId = await startRun(helpers);
    await heldJobsReleased;
    await finishRun(helpers, runId);
  },
};

const taskList = {};
for (const arg of taskArgs) {
  const [identifier, behaviour] = arg.split("=");
  if (!behaviours[behaviour]) {
    fail(`--task ${arg}: the behaviour must be one of ${Object.keys(behaviours).join(", ")}`);
  }
  taskList[identifier] = behaviours[behaviour];
}

const options = {
  ...sharedOptions(graphileWorker),
  taskList,
  concurrency: Number(concurrency),
  noHandleSignals: true,
  pollInterval: 200,
  // No cron: otherwise the worker looks for a crontab file in the working directory.
  parsedCronItems: [],
};

if (once) {
  await graphileWorker.runOnce(options);
} else {
  const runner = await graphileWorker.run(options);
  writeResult({ ready: true });
  process.stdin.on("end", () => {
    releaseHeldJobs();
    runner.stop();
  });
  process.stdin.resume();
  await runner.promise;
}
