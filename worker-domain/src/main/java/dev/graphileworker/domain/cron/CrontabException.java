package dev.graphileworker.domain.cron;

import dev.graphileworker.api.WorkerException;

/**
 * A crontab that cannot be used: the message names the line and says what is wrong with it, for
 * example {@code crontab line 3: minute field '61' is out of range 0-59}.
 */
public final class CrontabException extends WorkerException {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String reason;

    CrontabException(int lineNumber, String reason, Throwable cause) {
        super("crontab line " + lineNumber + ": " + reason, cause);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** @return the number of the offending line, counted from 1 */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return what is wrong with the line, without the line number */
    public String reason() {
        return reason;
    }
}
