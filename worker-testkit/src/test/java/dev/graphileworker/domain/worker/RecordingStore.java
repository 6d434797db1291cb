package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A store that records each write of results (which jobs, on which thread) and fails the next writes
 * on demand, as a database outage would.
 */
final class RecordingStore implements JobStore {

    /** One statement: the jobs it settled and the thread that ran it. */
    record Write(List<Long> jobIds, String thread) {
    }

    final List<Write> writes = new ArrayList<>();
    int failuresToCome;
    int attempts;

    @Override
    public synchronized void completeJobs(String workerId, Collection<Long> jobIds) {
        record(List.copyOf(jobIds));
    }

    @Override
    public synchronized void failJobs(String workerId, Collection<JobFailure> failures) {
        record(failures.stream().map(JobFailure::jobId).toList());
    }

    private void record(List<Long> jobIds) {
        attempts++;
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new IllegalStateException("database unreachable");
        }
        writes.add(new Write(jobIds, Thread.currentThread().getName()));
    }

    synchronized List<List<Long>> batches() {
        return writes.stream().map(Write::jobIds).toList();
    }

    @Override
    public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void releaseJobs(String workerId, Collection<Long> jobIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int releaseStaleLocks() {
        throw new UnsupportedOperationException();
    }
}
