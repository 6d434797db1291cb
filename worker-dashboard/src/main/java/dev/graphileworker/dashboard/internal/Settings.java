package dev.graphileworker.dashboard.internal;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How a dashboard was built, as its pages and actions need it.
 *
 * @param basePath where the dashboard is mounted ({@code ""} at the root, else {@code /admin/jobs})
 * @param refreshSeconds how often the script refreshes pages
 * @param clock for "in 5 min" and "3 h ago"
 * @param actionsAllowed whether pages offer actions and accept them
 * @param csrfToken the token the forms of actions carry
 * @param crontab the crontab the workers run, when the dashboard was given it
 * @param cronTimeZone the zone of the crontab's lines without {@code ?tz=}
 */
public record Settings(String basePath, long refreshSeconds, Clock clock, boolean actionsAllowed, String csrfToken,
        Optional<String> crontab, ZoneId cronTimeZone) {
}
