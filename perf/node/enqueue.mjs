// The Node.js side of the enqueue step: graphile-worker 0.18's WorkerUtils, as an application uses it.
//   node enqueue.mjs URL SINGLE_JOBS BATCHES BATCH_SIZE
// Adds SINGLE_JOBS jobs with addJob, one at a time, then BATCHES batches of BATCH_SIZE with addJobs, each
// after a short warm-up, and prints {"singleJobsPerSecond":..., "batchedJobsPerSecond":...}.
import { makeWorkerUtils } from "graphile-worker";

const [connectionString, singleArg, batchesArg, batchSizeArg] = process.argv.slice(2);
const singleJobs = Number(singleArg);
const batches = Number(batchesArg);
const batchSize = Number(batchSizeArg);
const WARM_UP_JOBS = 100;
const WARM_UP_BATCHES = 1;

const utils = await makeWorkerUtils({ connectionString, maxPoolSize: 1 });
try {
  const addSingles = async (count) => {
    for (let i = 0; i < count; i++) {
      await utils.addJob("noop", { id: i });
    }
  };
  const batch = Array.from({ length: batchSize }, (_, i) => ({ identifier: "noop", payload: { id: i } }));
  const addBatches = async (count) => {
    for (let i = 0; i < count; i++) {
      await utils.addJobs(batch);
    }
  };
  const perSecond = async (jobs, work) => {
    const start = process.hrtime.bigint();
    await work();
    return jobs / (Number(process.hrtime.bigint() - start) / 1e9);
  };

  await addSingles(WARM_UP_JOBS);
  const singleJobsPerSecond = await perSecond(singleJobs, () => addSingles(singleJobs));
  await addBatches(WARM_UP_BATCHES);
  const batchedJobsPerSecond = await perSecond(batches * batchSize, () => addBatches(batches));
  console.log(JSON.stringify({ singleJobsPerSecond, batchedJobsPerSecond }));
} finally {
  await utils.release();
}
