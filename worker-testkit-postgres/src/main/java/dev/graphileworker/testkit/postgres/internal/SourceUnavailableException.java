package dev.graphileworker.testkit.postgres.internal;

/** A {@link ServerSource} does not apply on this machine; the message says why. */
public final class SourceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SourceUnavailableException(String reason) {
        super(reason);
    }
}
