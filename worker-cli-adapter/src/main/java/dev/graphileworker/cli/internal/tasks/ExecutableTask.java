package dev.graphileworker.cli.internal.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs an executable file as a task, with graphile-worker's protocol: the job in environment
 * variables ({@link ExecutableEnvironment}), {@code {"payload": ...}} on standard input, exit code 0
 * for success. Standard output is logged at info, standard error at error, both as the job's; a
 * failure's message ends with the last {@value #STDERR_TAIL} characters of standard error.
 */
final class ExecutableTask implements TaskHandler {

    /** graphile-worker gives a process four hours. */
    private static final Duration TIMEOUT = Duration.ofHours(4);
    /** How long a process asked to stop may take before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How often a running process's job is checked for an abort. */
    private static final Duration ABORT_CHECK = Duration.ofMillis(100);
    /**
     * How long to wait, after the process exited, for the rest of its output; a child process it left
     * running in the background may hold the streams open for ever.
     */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
    private static final int STDERR_TAIL = 4096;

    private final String identifier;
    private final Path file;

    ExecutableTask(String identifier, Path file) {
        this.identifier = identifier;
        this.file = file;
    }

    @Override
    public void run(JsonNode payload, JobHelpers helpers) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(file.toString());
        ExecutableEnvironment.addTo(builder.environment(), identifier, helpers.job());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("Could not start " + file + ": " + e.getMessage(), e);
        }
        String threads = "graphile-worker-job-" + helpers.job().id();
        Logger logger = helpers.logger();
        OutputTail stderr = new OutputTail(STDERR_TAIL);
        Thread stdoutPump = OutputPump.start(threads + "-stdout", process.getInputStream(),
                line -> logger.info("{}", line));
        Thread stderrPump = OutputPump.start(threads + "-stderr", process.getErrorStream(), line -> {
            stderr.add(line);
            logger.error("{}", line);
        });
        writeInBackground(threads + "-stdin", process, input(payload));

        Optional<String> stopped = awaitExitOrStop(process, helpers.abortSignal());
        stdoutPump.join(OUTPUT_DRAIN.toMillis());
        stderrPump.join(OUTPUT_DRAIN.toMillis());
        if (stopped.isPresent()) {
            throw failure(stopped.get(), stderr);
        }
        if (process.exitValue() != 0) {
            throw failure("Process exited with code " + process.exitValue(), stderr);
        }
    }

    private static ExecutableTaskException failure(String what, OutputTail stderr) {
        String tail = stderr.text();
        return new ExecutableTaskException(tail.isEmpty() ? what : what + ": " + tail);
    }

    private static byte[] input(JsonNode payload) {
        return JsonNodeFactory.instance.objectNode().set("payload", payload).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes standard input on a thread of its own: a process that reads nothing would otherwise
     * block the job on a large payload, deaf to aborts.
     */
    private static void writeInBackground(String name, Process process, byte[] input) {
        Thread writer = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // The process exited or closed its input without reading it all: its exit code tells.
            }
        }, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Waits for the process to exit, checking the abort signal and the time limit in between; a check
     * every {@link #ABORT_CHECK} costs nothing next to running a process.
     *
     * @return why the process was stopped, or empty when it exited by itself
     */
    private static Optional<String> awaitExitOrStop(Process process, AbortSignal abortSignal)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (!process.waitFor(ABORT_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                if (abortSignal.isAborted()) {
                    stop(process);
                    return Optional.of("Process was stopped because the worker is shutting down");
                }
                if (System.nanoTime() - deadline > 0) {
                    stop(process);
                    return Optional.of("Process was stopped after running for " + TIMEOUT.toHours() + " hours");
                }
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Asks the process and its descendants to stop (SIGTERM), then kills those still alive after a short
     * grace. Descendants too: a shell script's commands would otherwise outlive it, still holding its
     * output open.
     */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        boolean exited = process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!exited) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public String toString() {
        return "executable " + file;
    }
}
