package dev.graphileworker.domain.admin;

import dev.graphileworker.api.admin.ActionResult.Refusal;
import dev.graphileworker.api.admin.JobSelection;
import java.time.Instant;

/** When an operator's action refuses a whole selection or one of its jobs, in words the operator reads. */
public final class ActionRules {

    private ActionRules() {
    }

    /**
     * Refuses a selection by a filter that matches every job unless {@code force} says it is meant, so
     * that a forgotten criterion does not retry or delete the whole queue.
     *
     * @param selection the jobs an action is asked to act on
     * @param force whether the caller means every job
     * @throws IllegalArgumentException when the filter matches everything and {@code force} is off
     */
    public static void requireMeant(JobSelection selection, boolean force) {
        if (selection instanceof JobSelection.Matching matching && matching.filter().matchesEverything() && !force) {
            throw new IllegalArgumentException("The filter matches every job: name a criterion (state, task,"
                    + " queue, key, flag or error text), or force the action to act on every job");
        }
    }

    /**
     * @param jobId a job a live worker holds
     * @param workerId the worker
     * @param lockedAt since when
     * @return the refusal to act on it without force
     */
    public static Refusal lockedBy(long jobId, String workerId, Instant lockedAt) {
        return new Refusal(jobId, "locked by worker " + workerId + " since " + lockedAt
                + "; force the action to act on it anyway");
    }
}
