package dev.graphileworker.api;

/** The line that describes an element's failure inside a batch job's {@code last_error}. */
final class ErrorText {

    private ErrorText() {
    }

    /** An exception's own message, as graphile-worker lists {@code error.message}; its class name when it has none. */
    static String of(Throwable error) {
        String message = error == null ? null : error.getMessage();
        if (message == null || message.isBlank()) {
            return error == null ? "null" : error.getClass().getName();
        }
        return message;
    }
}
