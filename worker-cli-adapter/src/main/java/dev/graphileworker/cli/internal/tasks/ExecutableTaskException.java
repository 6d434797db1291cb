package dev.graphileworker.cli.internal.tasks;

/** An executable task failed: its message becomes the job's {@code last_error}. */
final class ExecutableTaskException extends Exception {

    private static final long serialVersionUID = 1L;

    ExecutableTaskException(String message) {
        super(message);
    }
}
