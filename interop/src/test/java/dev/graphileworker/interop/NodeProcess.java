package dev.graphileworker.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running Node.js script. Its output is read as it comes (so a full pipe never blocks it) and kept
 * for assertion messages. Closing it kills the process if it is still running.
 */
final class NodeProcess implements AutoCloseable {

    private final String command;
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    NodeProcess(String command, Process process) {
        this.command = command;
        this.process = process;
        this.stdoutReader = read(process.getInputStream(), stdout, true, "stdout");
        this.stderrReader = read(process.getErrorStream(), stderr, false, "stderr");
    }

    /** Writes {@code input} to the script's stdin and closes it. */
    void send(String input) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(describe("did not accept its input: " + e.getMessage()), e);
        }
    }

    /** Closes the script's stdin, which tells a long-running worker script to stop. */
    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the script to print {@code line} on stdout; fails if it does not within the timeout. */
    void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String next = stdoutLines.poll(100, TimeUnit.MILLISECONDS);
            if (line.equals(next)) {
                return;
            }
            if (next == null && !process.isAlive() && !stdoutReader.isAlive() && stdoutLines.isEmpty()) {
                stderrReader.join(TimeUnit.SECONDS.toMillis(5));
                throw new AssertionError(describe("exited with code " + process.exitValue() + " before printing " + line));
            }
        }
        throw new AssertionError(describe("did not print " + line + " within " + timeout));
    }

    /** Waits for the script to exit; kills it and fails if it does not within the timeout. */
    NodeOutput finish(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(describe("did not finish within " + timeout + " and was killed"));
        }
        // The readers end when the pipes close, just after the exit.
        stdoutReader.join(TimeUnit.SECONDS.toMillis(5));
        stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        return new NodeOutput(command, process.exitValue(), stdout.toString(), stderr.toString());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private String describe(String what) {
        return new NodeOutput(command, process.isAlive() ? -1 : process.exitValue(), stdout.toString(),
                stderr.toString()).describe(what);
    }

    private Thread read(InputStream stream, StringBuffer sink, boolean keepLines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    sink.append(line).append('\n');
                    if (keepLines) {
                        stdoutLines.add(line);
                    }
                }
            } catch (IOException e) {
                sink.append("(could not read ").append(name).append(": ").append(e.getMessage()).append(")\n");
            }
        }, "node-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
