// Reads the monotonic clock first thing, then reports "sample:micros" on perf_latency: the time since
// payload.sentAtNanos, the harness's System.nanoTime() just before add_job. On Linux both read
// CLOCK_MONOTONIC, one clock for every process of the machine.
module.exports = async (payload, helpers) => {
  const startedNanos = process.hrtime.bigint();
  const latencyMicros = (startedNanos - BigInt(payload.sentAtNanos)) / 1000n;
  await helpers.query("select pg_notify('perf_latency', $1)", [`${payload.sample}:${latencyMicros}`]);
};
