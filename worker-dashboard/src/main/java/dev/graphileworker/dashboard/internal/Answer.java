package dev.graphileworker.dashboard.internal;

/**
 * A page to answer with: its status, its template and what the template shows.
 *
 * @param status the HTTP status
 * @param template the template's name, without {@code .jte}
 * @param view what it shows
 */
public record Answer(int status, String template, Object view) {
}
