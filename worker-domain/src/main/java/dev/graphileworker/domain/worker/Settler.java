package dev.graphileworker.domain.worker;

/** Records the outcomes of finished jobs in the store, then tells the loop that they are settled. */
interface Settler {

    /** Starts whatever background work the settler does. */
    void start();

    /** Takes a finished job's outcome; may block while too many outcomes wait to be written. */
    void settle(JobOutcome outcome);

    /** The jobs waiting locally or running may have dropped to none: nothing more would join a batch. */
    void outstandingChanged();

    /** Makes one attempt to write what is waiting, for a worker that is terminated. */
    void writePendingOnce();

    /** Writes everything still waiting (retrying through outages, within the patience of a stopping worker), then stops. */
    void close();
}
