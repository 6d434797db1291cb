// Does nothing, so a throughput figure is the worker's own cost per job.
module.exports = () => {};
