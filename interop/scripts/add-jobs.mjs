// Adds the jobs described on stdin and prints their ids, in order, as one JSON array.
//   echo '[{"api":"addJob","identifier":"t","payload":{},"spec":{"queueName":"q"}}]' \
//     | DATABASE_URL=... node add-jobs.mjs --release 0.18
// "api" is "addJob" (through makeWorkerUtils) or "quickAddJob"; "spec" takes the TaskSpec fields
// (queueName, runAt as an ISO string, maxAttempts, jobKey, jobKeyMode, priority, flags).
import { fail, loadGraphileWorker, parseOptions, readStdinJson, sharedOptions, writeResult } from "./lib.mjs";

const { release } = parseOptions({});
const graphileWorker = await loadGraphileWorker(release);
const options = sharedOptions(graphileWorker);
const requests = await readStdinJson();

const utils = await graphileWorker.makeWorkerUtils(options);
const ids = [];
try {
  for (const { api, identifier, payload, spec = {} } of requests) {
    const taskSpec = { ...spec, runAt: spec.runAt ? new Date(spec.runAt) : undefined };
    let job;
    if (api === "addJob") {
      job = await utils.addJob(identifier, payload, taskSpec);
    } else if (api === "quickAddJob") {
      job = await graphileWorker.quickAddJob(options, identifier, payload, taskSpec);
    } else {
      fail(`api must be addJob or quickAddJob, was ${api}`);
    }
    ids.push(job.id);
  }
} finally {
  await utils.release();
}
writeResult(ids);
