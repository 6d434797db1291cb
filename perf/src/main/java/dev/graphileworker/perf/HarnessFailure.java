package dev.graphileworker.perf;

/** The harness could not measure: a worker failed, hung or left jobs behind. The run stops with the message. */
final class HarnessFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HarnessFailure(String message) {
        super(message);
    }
}
