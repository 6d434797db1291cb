package dev.graphileworker.dashboard;

/** A request the dashboard cannot answer as asked: an unknown state, a bad number, a foreign cursor. */
public final class BadRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, shown to the user as it is */
    public BadRequestException(String message) {
        super(message);
    }
}
