package dev.graphileworker.domain.port;

import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.domain.JobRow;

/**
 * Makes the {@link JobHelpers} handed to a task: the adapter decides what {@code withConnection}
 * and {@code query} reach.
 */
public interface JobHelpersFactory {

    /**
     * @param job the job about to run
     * @param workerId the worker running it
     * @param abortSignal raised when the worker shuts down
     * @return helpers valid for this one run
     */
    JobHelpers create(JobRow job, String workerId, AbortSignal abortSignal);
}
