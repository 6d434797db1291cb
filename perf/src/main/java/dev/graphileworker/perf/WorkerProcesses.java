package dev.graphileworker.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more worker processes started at the same moment (as the original's perfTest starts its
 * four), timed together: from just before the first starts until the last has exited.
 */
final class WorkerProcesses implements AutoCloseable {

    private final List<ChildProcess> processes;
    private final long startNanos;

    private WorkerProcesses(List<ChildProcess> processes, long startNanos) {
        this.processes = processes;
        this.startNanos = startNanos;
    }

    /**
     * @param commands the processes, not started, all built before the first starts so that they
     *     start back to back
     * @param logs where each one's output goes, in the same order
     * @return the started processes
     */
    static WorkerProcesses start(List<ProcessBuilder> commands, List<Path> logs) throws IOException {
        List<ChildProcess> started = new ArrayList<>();
        long startNanos = System.nanoTime();
        try {
            for (int i = 0; i < commands.size(); i++) {
                started.add(ChildProcess.start(commands.get(i), logs.get(i)));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(ChildProcess::close);
            throw e;
        }
        return new WorkerProcesses(started, startNanos);
    }

    /**
     * Waits until every process exits on its own.
     *
     * @param timeout for all of them together
     * @return the time from just before the first started until the last exited
     * @throws HarnessFailure when one exits with a failure or they do not all exit in time
     */
    Duration awaitSuccess(Duration timeout) throws InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        for (ChildProcess process : processes) {
            // At least a millisecond: a process that has already exited is still checked.
            process.awaitSuccess(Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime())));
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** @return the highest peak resident set size (VmHWM) of any one of them, in bytes */
    long highestPeakRssBytes() throws InterruptedException {
        long highest = 0;
        for (ChildProcess process : processes) {
            highest = Math.max(highest, process.peakRssBytes());
        }
        return highest;
    }

    /** @return the log file of each process, comma-separated, for messages */
    String logs() {
        return processes.stream().map(process -> process.log().toString()).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        processes.forEach(ChildProcess::close);
    }
}
