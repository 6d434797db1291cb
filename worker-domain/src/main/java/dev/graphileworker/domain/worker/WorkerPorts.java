package dev.graphileworker.domain.worker;

import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobHelpersFactory;
import dev.graphileworker.domain.port.JobStore;
import java.util.Objects;

/**
 * What an adapter gives a {@link Worker} to reach its jobs.
 *
 * @param store where jobs are claimed and settled
 * @param admin where {@link Worker#addJob} adds jobs
 * @param arrivals signals of new jobs
 * @param helpersFactory makes each job's helpers
 */
public record WorkerPorts(JobStore store, JobAdmin admin, JobArrivals arrivals, JobHelpersFactory helpersFactory) {

    /** Checks that every port is given. */
    public WorkerPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(helpersFactory, "helpersFactory");
    }
}
