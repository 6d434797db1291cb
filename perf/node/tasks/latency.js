// Takes the wall clock first thing, then reports "sample:micros" on perf_latency: the time since
// payload.sentAtMicros, the wall clock the harness read just before add_job.
const { performance } = require("node:perf_hooks");

module.exports = async (payload, helpers) => {
  const startedMicros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  const latencyMicros = startedMicros - payload.sentAtMicros;
  await helpers.query("select pg_notify('perf_latency', $1)", [`${payload.sample}:${latencyMicros}`]);
};
