package dev.graphileworker.spring.internal;

import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.dashboard.DashboardResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves a {@link Dashboard} in a servlet container, mounted at {@code PATH/*}: each request goes through
 * {@link Dashboard#handle(String, String, String, String, Map)} and its answer is written as it is. The
 * pages, the actions and their checks (the dashboard's CSRF token, the origin) are the dashboard's; this
 * adapter only carries requests, lets in whom {@link DashboardAccess} allows, and adds the application's
 * own CSRF fields ({@link SpringSecurityCsrf}) to the dashboard's forms.
 *
 * <p>The dashboard is built when the servlet starts, under the context path and the mount path, so its
 * links work behind a context path. Thread-safe, as the dashboard is.
 */
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The largest form an action sends, as {@code DashboardServer} allows: a filter and a reason fit many times over. */
    static final int MAX_FORM_BYTES = 64 * 1024;
    /** The headers the dashboard looks at: where a form came from, and what it is. */
    private static final List<String> PASSED_HEADERS = List.of("Sec-Fetch-Site", "Content-Type");
    private static final String FORM = "application/x-www-form-urlencoded";

    private final transient Function<String, Dashboard> dashboardAt;
    private final String mountPath;
    private final transient DashboardAccess access;
    private final transient DashboardFormFields hiddenFormFields;
    private transient volatile Dashboard dashboard;

    /**
     * @param dashboardAt builds the dashboard for its base path (the context path and the mount path)
     * @param mountPath the path this servlet is mapped under ({@code /graphile-worker} for
     *     {@code /graphile-worker/*}), checked as {@link Dashboard.Builder#basePath} checks it
     * @param access whom to let in
     * @param hiddenFormFields the fields the application's own CSRF protection expects in a form sent with
     *     {@code POST}, added to each such form of the dashboard's pages
     */
    public DashboardServlet(Function<String, Dashboard> dashboardAt, String mountPath, DashboardAccess access,
            DashboardFormFields hiddenFormFields) {
        this.dashboardAt = Objects.requireNonNull(dashboardAt, "dashboardAt");
        this.mountPath = Objects.requireNonNull(mountPath, "mountPath");
        this.access = Objects.requireNonNull(access, "access");
        this.hiddenFormFields = Objects.requireNonNull(hiddenFormFields, "hiddenFormFields");
    }

    @Override
    public void init() throws ServletException {
        String basePath = getServletContext().getContextPath() + mountPath;
        try {
            dashboard = dashboardAt.apply(basePath);
        } catch (IllegalArgumentException badPath) {
            throw new ServletException("The dashboard cannot be served under " + basePath + ": " + badPath.getMessage(),
                    badPath);
        }
        dashboard.prefetch();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!admitted(request, response)) {
            return;
        }
        if (request.getPathInfo() == null) {
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + mountPath + "/" + (query == null ? "" : "?" + query));
            return;
        }
        String method = request.getMethod();
        String form = null;
        if (method.equals("POST")) {
            Optional<String> sent = form(request);
            if (sent.isEmpty()) {
                plain(response, 413, "The form is larger than " + MAX_FORM_BYTES + " bytes.");
                return;
            }
            form = sent.get();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        write(request, response, dashboard.handle(method, request.getPathInfo(), request.getQueryString(), form,
                headers));
    }

    private boolean admitted(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (access.credentials().isPresent()
                && !access.credentials().get().acceptsAuthorization(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"graphile-worker dashboard\", charset=\"UTF-8\"");
            plain(response, 401, "Authentication required.");
            return false;
        }
        if (access.userRequired() && request.getUserPrincipal() == null) {
            // The application's security let an anonymous request through: its rules do not cover this path.
            plain(response, 403, "The dashboard needs an authenticated user: require authentication for "
                    + request.getContextPath() + mountPath + "/** in the application's security rules.");
            return false;
        }
        return true;
    }

    /**
     * The form as text. A filter that read a parameter (Spring Security's CSRF filter does, for every
     * {@code POST}) has already consumed the body, so a form is rebuilt from the parameters, which
     * then also hold the query string's: harmless, since the dashboard's actions read their form only and
     * its own forms post to addresses without a query string.
     *
     * @return the form, empty when it is larger than {@link #MAX_FORM_BYTES}
     */
    private static Optional<String> form(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            if (request.getCharacterEncoding() == null) {
                request.setCharacterEncoding(StandardCharsets.UTF_8.name());
            }
            StringBuilder form = new StringBuilder();
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                for (String value : parameter.getValue()) {
                    form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(parameter.getKey(),
                            StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                    if (form.length() > MAX_FORM_BYTES) { // encoded: one byte a character
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(form.toString());
        }
        // Not a form: the dashboard answers 415, or reads it as one when it says nothing of its type.
        byte[] body = request.getInputStream().readNBytes(MAX_FORM_BYTES + 1);
        return body.length > MAX_FORM_BYTES ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, DashboardResponse answer)
            throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(answer.contentType());
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        byte[] body = answer.contentType().startsWith("text/html")
                ? HiddenFormFields.addTo(answer.text(), () -> hiddenFormFields.fields(request))
                        .getBytes(StandardCharsets.UTF_8)
                : answer.body();
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
