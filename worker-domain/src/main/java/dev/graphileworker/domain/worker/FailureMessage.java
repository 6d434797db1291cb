package dev.graphileworker.domain.worker;

/** Turns what a handler threw into the text stored as the job's {@code last_error}. */
final class FailureMessage {

    private FailureMessage() {
    }

    /**
     * Exceptions keep their own message, as graphile-worker stores {@code error.message}; errors of
     * the JVM (out of memory, stack overflow) and exceptions without a message get their class name
     * too, since their message alone says little.
     */
    static String of(Throwable thrown) {
        String message = thrown.getMessage();
        if (thrown instanceof Exception && message != null && !message.isBlank()) {
            return message;
        }
        return message == null || message.isBlank() ? thrown.getClass().getName() : thrown.toString();
    }
}
