package dev.graphileworker.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.dashboard.Credentials;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.mock.web.MockServletContext;

/**
 * The servlet adapter on its own, with the servlet API's test doubles around a dashboard of a real queue:
 * what the container hands it (a form whose body a filter already read, the bare mount path, HEAD) and
 * whom it lets in.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class DashboardServletTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String TOKEN = "0123456789abcdef0123";

    private static TestDatabase database;
    private static WorkerUtils workerUtils;

    @BeforeAll
    static void queue(TestDatabase testDatabase) {
        database = testDatabase;
        workerUtils = GraphileWorker.workerUtils(WorkerOptions.builder().dataSource(database.dataSource()).build());
        workerUtils.migrate();
    }

    @AfterAll
    static void close() {
        workerUtils.close();
    }

    private static DashboardServlet servlet(String contextPath, DashboardAccess access, boolean allowActions,
            DashboardFormFields fields) throws ServletException {
        DashboardServlet servlet = new DashboardServlet(basePath -> Dashboard.builder(workerUtils.administration())
                .basePath(basePath).allowActions(allowActions).build(), "/graphile-worker", access, fields);
        MockServletContext context = new MockServletContext();
        context.setContextPath(contextPath);
        servlet.init(new MockServletConfig(context));
        return servlet;
    }

    private static DashboardServlet withActions() throws ServletException {
        return servlet("", DashboardAccess.unchecked(), true, DashboardFormFields.NONE);
    }

    private static MockHttpServletRequest request(String method, String pathInfo) {
        MockHttpServletRequest request = new MockHttpServletRequest(method,
                "/graphile-worker" + (pathInfo == null ? "" : pathInfo));
        request.setServletPath("/graphile-worker");
        request.setPathInfo(pathInfo);
        return request;
    }

    private static MockHttpServletResponse send(DashboardServlet servlet, MockHttpServletRequest request)
            throws ServletException, IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        return response;
    }

    private static long permanentlyFailedJob() {
        long id = database.count("select (graphile_worker.add_job('greet', max_attempts := 1)).id");
        database.execute("update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = " + id);
        return id;
    }

    private static String csrfToken(DashboardServlet servlet, long id) throws Exception {
        MockHttpServletResponse page = send(servlet, request("GET", "/jobs/" + id));
        Matcher token = CSRF.matcher(page.getContentAsString());
        assertThat(token.find()).as("the job page has an action form").isTrue();
        return token.group(1);
    }

    @Test
    void aFormWhoseBodyAFilterAlreadyReadIsRebuiltFromTheParameters() throws Exception {
        DashboardServlet servlet = withActions();
        long id = permanentlyFailedJob();
        MockHttpServletRequest retry = request("POST", "/jobs/" + id + "/retry");
        retry.setContentType("application/x-www-form-urlencoded");
        // What the container offers once a filter called getParameter: the parameters, and no body left.
        retry.addParameter("csrf", csrfToken(servlet, id));
        retry.addParameter("reset_attempts", "on");

        MockHttpServletResponse response = send(servlet, retry);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("Job " + id + " retried");
        assertThat(database.count("select attempts from graphile_worker._private_jobs where id = " + id)).isZero();
    }

    @Test
    void aFormLargerThan64KiBIsRefusedWith413() throws Exception {
        MockHttpServletRequest large = request("POST", "/jobs/actions");
        large.setContentType("application/x-www-form-urlencoded");
        large.addParameter("reason", "x".repeat(DashboardServlet.MAX_FORM_BYTES));
        large.addParameter("csrf", "whatever");

        assertThat(send(withActions(), large).getStatus()).isEqualTo(413);

        MockHttpServletRequest largeBody = request("POST", "/jobs/actions");
        largeBody.setContent(new byte[DashboardServlet.MAX_FORM_BYTES + 1]);
        assertThat(send(withActions(), largeBody).getStatus()).isEqualTo(413);
    }

    @Test
    void aPostOfAnotherTypeIsTheDashboardsToRefuse() throws Exception {
        MockHttpServletRequest json = request("POST", "/jobs/1/retry");
        json.setContentType("application/json");
        json.setContent("{}".getBytes());

        assertThat(send(withActions(), json).getStatus()).isEqualTo(415);
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        MockHttpServletResponse response = send(withActions(), request("HEAD", "/"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void theBarePathRedirectsToTheOverviewKeepingTheQuery() throws Exception {
        DashboardServlet servlet = servlet("/shop", DashboardAccess.unchecked(), false, DashboardFormFields.NONE);
        MockHttpServletRequest bare = request("GET", null);
        bare.setContextPath("/shop");
        bare.setRequestURI("/shop/graphile-worker");
        bare.setQueryString("a=1");

        MockHttpServletResponse response = send(servlet, bare);

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getRedirectedUrl()).isEqualTo("/shop/graphile-worker/?a=1");
    }

    @Test
    void linksStartWithTheContextPathAndTheMountPath() throws Exception {
        DashboardServlet servlet = servlet("/shop", DashboardAccess.unchecked(), false, DashboardFormFields.NONE);

        String page = send(servlet, request("GET", "/")).getContentAsString();

        assertThat(page).contains("href=\"/shop/graphile-worker/jobs\"", "src=\"/shop/graphile-worker/static/dashboard.js\"");
    }

    @Test
    void withTheApplicationsUsersAnAnonymousRequestIsRefused() throws Exception {
        DashboardServlet servlet = servlet("", DashboardAccess.forAuthenticatedUsers(), false, DashboardFormFields.NONE);

        MockHttpServletResponse anonymous = send(servlet, request("GET", "/"));
        assertThat(anonymous.getStatus()).isEqualTo(403);
        assertThat(anonymous.getContentAsString()).contains("require authentication for /graphile-worker/**");

        MockHttpServletRequest signedIn = request("GET", "/");
        signedIn.setUserPrincipal(() -> "ops");
        assertThat(send(servlet, signedIn).getStatus()).isEqualTo(200);
    }

    @Test
    void withCredentialsARequestWithoutThemIsAskedForThem() throws Exception {
        DashboardServlet servlet = servlet("", DashboardAccess.withCredentials(Credentials.token(TOKEN)), false,
                DashboardFormFields.NONE);

        MockHttpServletResponse without = send(servlet, request("GET", "/"));
        assertThat(without.getStatus()).isEqualTo(401);
        assertThat(without.getHeader("WWW-Authenticate")).startsWith("Basic ");

        MockHttpServletRequest with = request("GET", "/");
        with.addHeader("Authorization", "Bearer " + TOKEN);
        assertThat(send(servlet, with).getStatus()).isEqualTo(200);
    }

    @Test
    void theApplicationsCsrfFieldIsAddedToTheActionForms() throws Exception {
        DashboardServlet servlet = servlet("", DashboardAccess.unchecked(), true,
                request -> Map.of("_csrf", "the-applications-token"));
        long id = permanentlyFailedJob();

        String page = send(servlet, request("GET", "/jobs/" + id)).getContentAsString();

        assertThat(page).contains("<form method=\"post\" action=\"/graphile-worker/jobs/" + id
                + "/retry\" class=\"action\"><input type=\"hidden\" name=\"_csrf\" value=\"the-applications-token\">");
    }
}
