// The preset of the graphile-worker 0.18 command the harness runs (with this folder as its working
// directory, so its tasks are ./tasks). The harness passes the worker options of a variant (the
// batching one) as JSON in PERF_NODE_WORKER_OPTIONS; it keeps them in one place, Batching.java.
const variant = JSON.parse(process.env.PERF_NODE_WORKER_OPTIONS || "{}");

export default {
  worker: {
    fileExtensions: [".js"],
    ...variant,
  },
};
