package dev.graphileworker.perf;

/** A worker command the harness measures: ours, or the original it is compared with. */
interface WorkerRuntime {

    /** @return a short name for progress lines and file names */
    String name();

    /** @return whether it can record the history of finished jobs ({@link WorkerVariant#history()}) */
    default boolean recordsHistory() {
        return false;
    }

    /**
     * @param database the database to work on
     * @param variant the configuration
     * @param once whether the worker runs the due jobs and exits ({@code --once}) rather than until stopped
     * @return the process to start, not started
     */
    ProcessBuilder command(FreshDatabase database, WorkerVariant variant, boolean once);

    /**
     * @param database a database without the schema
     * @return the process that installs the schema and exits, not started
     */
    ProcessBuilder installSchema(FreshDatabase database);

    /**
     * @return the process that adds jobs with this runtime's client library for the enqueue step,
     *     not started
     */
    ProcessBuilder enqueueCommand(FreshDatabase database, EnqueueStep.Sizes sizes);
}
