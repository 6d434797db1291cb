package dev.graphileworker.api;

/**
 * A failure of the job queue itself: the database cannot be reached, a statement failed, the schema
 * is from an incompatible version. The message says what went wrong and, where it can, what to do;
 * it never contains a password.
 *
 * @since 0.1.0
 */
public class WorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public WorkerException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public WorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
