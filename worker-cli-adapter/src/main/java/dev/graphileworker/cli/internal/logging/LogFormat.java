package dev.graphileworker.cli.internal.logging;

/** How log lines are written to standard error. */
public enum LogFormat {
    /** One readable line per event. */
    TEXT,
    /** One JSON object per line, for log shippers; the MDC scope is in its {@code mdc} field. */
    JSON
}
