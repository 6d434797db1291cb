package dev.graphileworker.dashboard;

import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.dashboard.internal.Actions;
import dev.graphileworker.dashboard.internal.Answer;
import dev.graphileworker.dashboard.internal.ForbiddenException;
import dev.graphileworker.dashboard.internal.Pages;
import dev.graphileworker.dashboard.internal.Readings;
import dev.graphileworker.dashboard.internal.Settings;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of a queue, independent of any HTTP server: it answers a {@link DashboardRequest}
 * with a {@link DashboardResponse}. {@link DashboardServer} serves it on the JDK's HTTP server; a web
 * framework can mount it by passing its requests through {@link #handle}.
 *
 * <p>It reads the queue through {@link QueueAdministration}, and acts on it through the same API only when
 * built with {@link Builder#allowActions}: actions are {@code POST}s carrying a CSRF token of this
 * dashboard's own pages. Every page is rendered by templates
 * that escape what they show (payloads, errors, names), with a Content-Security-Policy that allows the
 * dashboard's own style sheet and script only. A bad query parameter is a 400 page saying why; a
 * failure is a 500 page with a reference to the log, never a stack trace.
 */
public final class Dashboard {

    /** How often pages refresh themselves by default. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final String TEMPLATES = "dev.graphileworker.dashboard.internal.templates";
    private static final String STATIC = "/dev/graphileworker/dashboard/static/";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Pattern JOB_ACTION = Pattern.compile("/jobs/([^/]+)/([a-z]+)");
    private static final Map<String, String> STATIC_FILES = Map.of("dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    private final Pages pages;
    private final Readings readings;
    private final Actions actions;
    private final TemplateEngine templates;

    private Dashboard(Builder builder) {
        Settings settings = new Settings(builder.basePath, builder.refreshInterval.toSeconds(), builder.clock,
                builder.allowActions, newToken(), builder.crontab, builder.cronTimeZone);
        this.readings = new Readings(builder.administration, builder.clock, System::nanoTime);
        this.pages = new Pages(builder.administration, readings, settings);
        this.actions = new Actions(builder.administration, pages, readings, settings);
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, Dashboard.class.getClassLoader(),
                TEMPLATES);
    }

    /**
     * @param administration the queue to show
     * @return a builder of a dashboard of it
     */
    public static Builder builder(QueueAdministration administration) {
        return new Builder(administration);
    }

    /**
     * Starts reading what the overview shows (counts by task and state, workers, the last hour) in the
     * background, so that the first visitor does not wait for it: on a queue of a million jobs that read
     * takes about half a second. {@link DashboardServer} calls it when it starts; a framework that
     * mounts the dashboard may call it when it does.
     */
    public void prefetch() {
        readings.prefetch();
    }

    /**
     * Answers a request without a form as a server received it: a malformed query string is a 400 page.
     *
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param rawQuery the query string as sent (percent-encoded, without {@code ?}), or {@code null}
     * @return the response
     */
    public DashboardResponse handle(String method, String path, String rawQuery) {
        return handle(method, path, rawQuery, null, Map.of());
    }

    /**
     * Answers a request as a server received it: a malformed query string or form is a 400 page.
     *
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param rawQuery the query string as sent (percent-encoded, without {@code ?}), or {@code null}
     * @param formBody the body of a {@code POST} ({@code application/x-www-form-urlencoded}), or {@code null}
     * @param headers the request's {@code Sec-Fetch-Site} and {@code Content-Type} headers, those it has
     *     (more are ignored)
     * @return the response
     */
    public DashboardResponse handle(String method, String path, String rawQuery, String formBody,
            Map<String, String> headers) {
        DashboardRequest request;
        try {
            request = DashboardRequest.of(method, path, rawQuery, formBody, headers);
        } catch (IllegalArgumentException malformed) {
            return page(400, "error", pages.error(400, "Bad request", malformed.getMessage()), Map.of());
        }
        return handle(request);
    }

    /**
     * Answers a request. Never throws: a failure is logged and answered with a 500 page.
     *
     * @param request the request
     * @return the response
     */
    public DashboardResponse handle(DashboardRequest request) {
        try {
            if (request.method().equals("POST")) {
                return act(request);
            }
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return page(405, "error", pages.error(405, "Method not allowed",
                        "Pages are read with GET; actions are sent with POST."), Map.of("Allow", "GET, HEAD, POST"));
            }
            return route(request);
        } catch (IllegalArgumentException bad) {
            return page(400, "error", pages.error(400, "Bad request", bad.getMessage()), Map.of());
        } catch (ForbiddenException refused) {
            return page(403, "error", pages.error(403, "Forbidden", refused.getMessage()), Map.of());
        } catch (RuntimeException failure) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Dashboard request {} {} failed (reference {})", request.method(), request.path(), reference,
                    failure);
            try {
                return page(500, "error", pages.error(500, "Something went wrong",
                        "The dashboard could not answer. The server's log has the details, under reference "
                                + reference + "."), Map.of());
            } catch (RuntimeException alsoFailed) {
                return new DashboardResponse(500, "text/plain; charset=utf-8", securityHeaders(),
                        ("The dashboard could not answer (reference " + reference + ").")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private DashboardResponse act(DashboardRequest request) {
        String path = request.path();
        Matcher onJob = JOB_ACTION.matcher(path);
        if (!onJob.matches() && !path.equals("/jobs/actions")) {
            return page(405, "error", pages.error(405, "Method not allowed", "Only actions are sent with POST."),
                    Map.of("Allow", "GET, HEAD"));
        }
        if (request.header("Content-Type").filter(type -> !type.toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")).isPresent()) {
            return page(415, "error", pages.error(415, "Unsupported media type",
                    "Actions are sent as forms (application/x-www-form-urlencoded)."), Map.of());
        }
        actions.check(request);
        Answer answer = onJob.matches() ? actions.onJob(onJob.group(1), onJob.group(2), request)
                : actions.onFilter(request);
        return page(answer.status(), answer.template(), answer.view(), Map.of());
    }

    private DashboardResponse route(DashboardRequest request) {
        String path = request.path();
        if (path.equals("/")) {
            return page(200, "overview", pages.overview(), Map.of());
        }
        if (path.equals("/jobs") || path.equals("/jobs/")) {
            return page(200, "jobs", pages.jobs(request), Map.of());
        }
        if (path.startsWith("/jobs/")) {
            String id = path.substring("/jobs/".length());
            return pages.job(id).map(job -> page(200, "job", job, Map.of()))
                    .orElseGet(() -> page(404, "error", pages.error(404, "Not found", "No job " + id + "."), Map.of()));
        }
        if (path.equals("/queues")) {
            return page(200, "queues", pages.queues(), Map.of());
        }
        if (path.equals("/crontab")) {
            return page(200, "crontab", pages.crontab(), Map.of());
        }
        if (path.equals("/workers")) {
            return page(200, "workers", pages.workers(), Map.of());
        }
        if (path.startsWith("/static/")) {
            Optional<DashboardResponse> file = staticFile(path.substring("/static/".length()));
            if (file.isPresent()) {
                return file.get();
            }
        }
        return page(404, "error", pages.error(404, "Not found", "The dashboard has no page " + path + "."), Map.of());
    }

    private DashboardResponse page(int status, String template, Object view, Map<String, String> extraHeaders) {
        StringOutput output = new StringOutput();
        templates.render(template + ".jte", view, new OwaspHtmlTemplateOutput(output));
        Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
        headers.put("Cache-Control", "no-store");
        headers.putAll(extraHeaders);
        return new DashboardResponse(status, HTML, headers, output.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<DashboardResponse> staticFile(String name) {
        String contentType = STATIC_FILES.get(name);
        if (contentType == null) {
            return Optional.empty();
        }
        try (InputStream in = Dashboard.class.getResourceAsStream(STATIC + name)) {
            Objects.requireNonNull(in, () -> "missing resource " + name);
            Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
            headers.put("Cache-Control", "max-age=300");
            return Optional.of(new DashboardResponse(200, contentType, headers, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static Map<String, String> securityHeaders() {
        return Map.of("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                "X-Content-Type-Options", "nosniff",
                // Referrers leave for the dashboard's own pages only.
                "Referrer-Policy", "same-origin",
                "X-Frame-Options", "DENY");
    }

    /** Builds a {@link Dashboard}. */
    public static final class Builder {

        private final QueueAdministration administration;
        private String basePath = "";
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private boolean allowActions;
        private Optional<String> crontab = Optional.empty();
        private ZoneId cronTimeZone = ZoneOffset.UTC;

        private Builder(QueueAdministration administration) {
            this.administration = Objects.requireNonNull(administration, "administration");
        }

        /**
         * @param basePath where the dashboard is mounted, for its links: {@code ""} (the default) at the
         *     root, else a path such as {@code /admin/queue}, without a trailing {@code /}
         * @return this builder
         */
        public Builder basePath(String basePath) {
            if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/")
                    || !basePath.matches("[A-Za-z0-9/_.~-]+"))) {
                throw new IllegalArgumentException("A base path is empty or like /admin/queue, not '" + basePath + "'");
            }
            this.basePath = basePath;
            return this;
        }

        /**
         * @param refreshInterval how often pages refresh themselves (whole seconds, at least one)
         * @return this builder
         */
        public Builder refreshInterval(Duration refreshInterval) {
            if (refreshInterval.toSeconds() < 1) {
                throw new IllegalArgumentException("The refresh interval is at least a second");
            }
            this.refreshInterval = refreshInterval;
            return this;
        }

        /**
         * @param clock what "in 5 min" and "3 h ago" are measured from
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param allowActions whether the pages offer actions (retry, remove, fail permanently, unlock) and
         *     accept them; off by default, when the dashboard only reads the queue
         * @return this builder
         */
        public Builder allowActions(boolean allowActions) {
            this.allowActions = allowActions;
            return this;
        }

        /**
         * @param crontabText the crontab the workers run, for the crontab page's schedules and next runs
         *     (without it, the page lists the items the queue remembers, with their last runs only)
         * @param timeZone the zone of its lines without {@code ?tz=}, as the workers are given it
         * @return this builder
         */
        public Builder crontab(String crontabText, ZoneId timeZone) {
            this.crontab = Optional.of(crontabText);
            this.cronTimeZone = Objects.requireNonNull(timeZone, "timeZone");
            return this;
        }

        /** @return the dashboard */
        public Dashboard build() {
            return new Dashboard(this);
        }
    }
}
