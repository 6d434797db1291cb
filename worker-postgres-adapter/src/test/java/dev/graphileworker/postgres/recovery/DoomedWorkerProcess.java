package dev.graphileworker.postgres.recovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link DoomedWorker} in a JVM of its own, started with the test's classpath. */
final class DoomedWorkerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private DoomedWorkerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLines, "doomed-worker-output");
        reader.setDaemon(true);
        reader.start();
    }

    static DoomedWorkerProcess start(String connectionString, String schema, Duration recoveryTime)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DoomedWorker.class.getName(), connectionString, schema, Long.toString(recoveryTime.toSeconds())))
                .redirectErrorStream(true)
                .start();
        return new DoomedWorkerProcess(process);
    }

    /**
     * @return the rest of the first line printed that starts with {@code prefix} and a space
     * @throws AssertionError when none comes before the deadline, or the process ends first
     */
    String await(String prefix, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            for (String line : lines) {
                if (line.startsWith(prefix + " ")) {
                    return line.substring(prefix.length() + 1).trim();
                }
            }
            if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The doomed worker exited with " + process.exitValue() + " before printing "
                        + prefix + ":\n" + String.join("\n", lines));
            }
        }
        throw new AssertionError("The doomed worker did not print " + prefix + " within " + deadline + ":\n"
                + String.join("\n", lines));
    }

    /** Kills the JVM at once (SIGKILL): no shutdown hook, no graceful stop, its sockets closed by the OS. */
    void killAbruptly() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        killAbruptly();
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process died; its output ends here.
        }
    }
}
