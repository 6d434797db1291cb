package dev.graphileworker.domain.worker;

import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobHelpersFactory;
import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.domain.port.JobStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter gives a {@link Worker} to reach its jobs.
 *
 * @param store where jobs are claimed and settled
 * @param admin where {@link Worker#addJob} adds jobs
 * @param arrivals signals of new jobs
 * @param helpersFactory makes each job's helpers
 * @param history the history of finished jobs, which the worker's housekeeping prunes; empty when none is kept
 */
public record WorkerPorts(JobStore store, JobAdmin admin, JobArrivals arrivals, JobHelpersFactory helpersFactory,
        Optional<JobHistory> history) {

    /** Checks that every port is given. */
    public WorkerPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(helpersFactory, "helpersFactory");
        Objects.requireNonNull(history, "history");
    }

    /** Ports of a worker that keeps no history of finished jobs. */
    public WorkerPorts(JobStore store, JobAdmin admin, JobArrivals arrivals, JobHelpersFactory helpersFactory) {
        this(store, admin, arrivals, helpersFactory, Optional.empty());
    }
}
