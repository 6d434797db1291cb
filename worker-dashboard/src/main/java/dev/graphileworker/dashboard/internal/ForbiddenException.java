package dev.graphileworker.dashboard.internal;

/** A request the dashboard refuses: actions are off, or a form did not come from its own pages. */
public final class ForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why, shown to the user as it is */
    public ForbiddenException(String message) {
        super(message);
    }
}
