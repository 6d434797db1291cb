package dev.graphileworker.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A command the harness runs (a worker, a client, pgbench) as a process of its own, its output in a
 * log file, with its peak resident memory followed from {@code /proc}.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration RSS_POLL_INTERVAL = Duration.ofMillis(10);

    private final Process process;
    private final Path log;
    private final long startNanos;
    private final Thread rssSampler;
    private volatile long peakRssKilobytes;

    private ChildProcess(Process process, Path log, long startNanos) {
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
        this.rssSampler = new Thread(this::sampleRss, "rss-of-" + process.pid());
        rssSampler.setDaemon(true);
    }

    /**
     * @param command the command, not started
     * @param log where its standard output and error go
     * @return the started process
     */
    static ChildProcess start(ProcessBuilder command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        command.redirectErrorStream(true).redirectOutput(log.toFile());
        long startNanos = System.nanoTime();
        ChildProcess started = new ChildProcess(command.start(), log, startNanos);
        started.rssSampler.start();
        return started;
    }

    /**
     * Waits until the process exits on its own.
     *
     * @return the time from just before it started until it exited
     * @throws HarnessFailure when it exits with a failure or does not exit in time
     */
    Duration awaitSuccess(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HarnessFailure("the process did not finish within " + timeout.toSeconds() + " s; see " + log);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (process.exitValue() != 0) {
            throw new HarnessFailure("the process exited with status " + process.exitValue() + "; see " + log);
        }
        return elapsed;
    }

    /** Asks the process to shut down gracefully (SIGTERM) and waits for it. */
    void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new HarnessFailure("the process did not stop within " + timeout.toSeconds()
                    + " s of SIGTERM; see " + log);
        }
    }

    /** @return the highest resident set size seen (VmHWM), in bytes */
    long peakRssBytes() throws InterruptedException {
        rssSampler.join(RSS_POLL_INTERVAL.toMillis() * 10);
        return peakRssKilobytes * 1024;
    }

    Path log() {
        return log;
    }

    private void sampleRss() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            while (process.isAlive()) {
                readHighWaterMark(status);
                Thread.sleep(RSS_POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readHighWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    peakRssKilobytes = Math.max(peakRssKilobytes, kilobytes);
                }
            }
        } catch (NoSuchFileException e) {
            // It exited between the check and the read.
        } catch (IOException e) {
            // A zombie's status can fail to read; the next poll or the exit settles it.
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
