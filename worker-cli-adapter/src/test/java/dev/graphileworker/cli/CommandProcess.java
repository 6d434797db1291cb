package dev.graphileworker.cli;

import dev.graphileworker.testkit.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code bin/graphile-worker} run as a separate process, as a user runs it: its own working
 * directory, an environment with no stray database settings, output captured to files.
 */
final class CommandProcess implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CommandProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param workingDirectory where the command runs (its ./tasks and ./crontab)
     * @param environment variables set on top of a clean environment
     * @param args the command's arguments
     */
    static CommandProcess start(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException {
        return start(Path.of(System.getProperty("graphileWorker.launcher", "../bin/graphile-worker")),
                workingDirectory, environment, args);
    }

    /**
     * @param launcher the launcher to run, for example the one of an unpacked distribution
     * @param workingDirectory where the command runs (its ./tasks and ./crontab)
     * @param environment variables set on top of a clean environment
     * @param args the command's arguments
     */
    static CommandProcess start(Path launcher, Path workingDirectory, Map<String, String> environment,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        // The test's own environment may name a database (DATABASE_URL, PG*); the command must see only ours.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.equals("DATABASE_URL")
                || name.startsWith("GRAPHILE_WORKER") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(workingDirectory, "stdout", ".log");
        Path err = Files.createTempFile(workingDirectory, "stderr", ".log");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new CommandProcess(builder.start(), out, err);
    }

    /** Runs the command to its end and returns its exit status. */
    static CommandProcess run(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        CommandProcess command = start(workingDirectory, environment, args);
        command.awaitExit();
        return command;
    }

    /** Runs the command of {@code launcher} to its end. */
    static CommandProcess run(Path launcher, Path workingDirectory, Map<String, String> environment,
            String... args) throws IOException, InterruptedException {
        CommandProcess command = start(launcher, workingDirectory, environment, args);
        command.awaitExit();
        return command;
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("graphile-worker did not exit within " + DEADLINE + "; its output:\n" + stderr());
        }
        return process.exitValue();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Sends SIGTERM, as a service manager does. */
    void terminate() {
        process.destroy();
    }

    /**
     * Sends SIGKILL, as the kernel's OOM killer or a lost machine would, and waits until the process is
     * gone. The launcher {@code exec}s java, so this kills the JVM itself: no shutdown hook runs.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("graphile-worker (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** @return the JVM's process id, which task code sees as {@code ProcessHandle.current().pid()} */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until standard error has a line that matches, or fails with what it has. */
    void awaitLogLine(Predicate<String> wanted) {
        Poll.until("graphile-worker logs the expected line", DEADLINE, () -> {
            if (stderr().lines().anyMatch(wanted)) {
                return true;
            }
            if (!process.isAlive() && !stderr().lines().anyMatch(wanted)) {
                throw new AssertionError("graphile-worker exited (" + process.exitValue()
                        + ") before logging the expected line; its output:\n" + stderr());
            }
            return false;
        }, () -> "Its output:\n" + stderr());
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("could not read " + file, e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
