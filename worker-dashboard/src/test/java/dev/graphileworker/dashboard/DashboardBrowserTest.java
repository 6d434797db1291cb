package dev.graphileworker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, on a real PostgreSQL: counts, filters, escaping, the
 * refresh script and basic authentication; a screenshot of each page in target/screenshots. It needs
 * /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and chromium-driver), and fails
 * without them: CI installs them (.ci/run). It waits for what it needs under a generous deadline,
 * never for a length of time.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String XSS = "<script>alert(1)</script> \"double\" 'single' <img src=x onerror=alert(2)>";

    private final TestDatabase database;
    private WorkerUtils utils;
    private DashboardServer server;
    private WebDriver browser;
    private Job xssJob;
    private Job failedJob;

    DashboardBrowserTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeAll
    void start() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("The browser tests need %s and %s: install Debian's packages with "
                        + "'apt-get install -y chromium chromium-driver' (.ci/run does)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        utils = GraphileWorker.workerUtils(WorkerOptions.builder().connectionString(database.connectionString()).build());
        utils.migrate();
        utils.addJob("send_email", Map.of("to", "ada@example.com"), AddJobOptions.defaults());
        utils.addJob("send_email", Map.of("to", "grace@example.com"), AddJobOptions.defaults().withQueueName("mail"));
        utils.addJob("report", Map.of("month", "2030-01"),
                AddJobOptions.defaults().withRunAt(Instant.now().plus(Duration.ofHours(2))));
        Job locked = utils.addJob("resize", Map.of("image", "cat.png"), AddJobOptions.defaults());
        database.execute("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'worker-browser-test'"
                + " where id = " + locked.id());
        failedJob = utils.addJob("report", Map.of("month", "2029-12"), AddJobOptions.defaults());
        database.execute("update graphile_worker._private_jobs set attempts = 1, last_error = 'disk full'"
                + " where id = " + failedJob.id());
        Job dead = utils.addJob("resize", Map.of("image", "huge.png"), AddJobOptions.defaults());
        utils.administration().failPermanently(JobSelection.ids(dead.id()), "Out of memory", false);
        xssJob = utils.addJob("send_email", Map.of("html", XSS), AddJobOptions.defaults().withJobKey(XSS));
        utils.administration().failPermanently(JobSelection.ids(xssJob.id()), XSS, false);

        // Pages that refresh themselves would swap elements under the assertions: only the refresh test's own
        // server refreshes often.
        server = DashboardServer.start(Dashboard.builder(utils.administration()).refreshInterval(Duration.ofHours(1))
                .build(), "127.0.0.1", 0, Optional.empty());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withTimeout(Duration.ofSeconds(60))
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(DEADLINE);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (utils != null) {
            utils.close();
        }
    }

    @Test
    void theOverviewCountsEveryState() throws IOException {
        open("/");
        waitFor(By.id("overview"));
        assertThat(count("runnable")).isEqualTo(2);
        assertThat(count("scheduled")).isEqualTo(1);
        assertThat(count("locked")).isEqualTo(1);
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("permanently_failed")).isEqualTo(2);
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("7");
        assertThat(browser.findElement(By.id("tasks")).getText()).contains("send_email", "report", "resize");
        assertThat(browser.findElement(By.id("workers")).getText()).contains("worker-browser-test");
        // The last hour, a bar a minute: the failures the queue shows (completions need history).
        assertThat(browser.findElements(By.cssSelector("#activity svg g"))).hasSize(60);
        assertThat(browser.findElement(By.id("activity-summary")).getText()).isEqualTo("In the last 60 minutes: 3 failed.");

        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open("/jobs");
            waitFor(By.id("jobs"));
            screenshot("jobs-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void pagesRefreshThemselvesInPlace() throws IOException {
        try (DashboardServer refreshing = DashboardServer.start(Dashboard.builder(utils.administration())
                .refreshInterval(Duration.ofSeconds(1)).build(), "127.0.0.1", 0, Optional.empty())) {
            browser.get(refreshing.uri().toString());
            waitFor(By.id("overview"));
            seeChangesWithoutReloading();
        }
        open("/");
    }

    private void seeChangesWithoutReloading() throws IOException {
        // Elements are swapped by each refresh: found anew at each poll, never held.
        WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.textMatches(By.id("refresh-status"), Pattern.compile("Updated")));
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true; window.scrollTo(0, 0);");
        Job added = utils.addJob("cleanup", Map.of(), AddJobOptions.defaults());
        try {
            wait.until(ExpectedConditions.textToBe(By.id("total"), "8"));
            assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true")).isEqualTo(true);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks"), "cleanup"));
        } finally {
            utils.administration().remove(JobSelection.ids(added.id()), true);
        }
        wait.until(ExpectedConditions.textToBe(By.id("total"), "7"));
        // A live page, as users see it (docs/dashboard-overview.png is one such).
        screenshot("overview");
    }

    @Test
    void aFilterNarrowsTheListAndStaysInTheAddress() throws IOException {
        open("/jobs");
        waitFor(By.id("jobs"));
        assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(7);
        browser.findElement(By.cssSelector("input[name=state][value=failed]")).click();
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.urlContains("state=failed"));
        new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs tbody tr"), 1));
        List<WebElement> rows = browser.findElements(By.cssSelector("#jobs tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getAttribute("data-job-id")).isEqualTo(String.valueOf(failedJob.id()));
        assertThat(rows.get(0).getText()).contains("report", "disk full");
        screenshot("jobs");

        // The address alone gives the same view: it can be shared.
        String shared = browser.getCurrentUrl();
        open("/");
        browser.get(shared);
        waitFor(By.id("jobs"));
        assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("input[name=state][value=failed]")).isSelected()).isTrue();

        open("/jobs?task=resize&limit=1");
        waitFor(By.id("jobs"));
        assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(1);
        browser.findElement(By.id("next-page")).click();
        new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.urlContains("after="));
        waitFor(By.id("first-page"));
        assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(1);
    }

    @Test
    void aJobWithMarkupRendersAsText() throws IOException {
        open("/jobs/" + xssJob.id());
        waitFor(By.id("payload"));
        assertThat(browser.findElement(By.id("last-error")).getText()).isEqualTo(XSS);
        assertThat(browser.findElement(By.id("payload")).getText()).contains(XSS.replace("\"", "\\\""));
        assertThat(browser.findElement(By.id("fields")).getText()).contains(XSS, "permanently_failed");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("<script>alert(1)</script>");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).hasSize(1);
        screenshot("job");

        open("/jobs?state=permanently_failed");
        waitFor(By.id("jobs"));
        assertThat(browser.findElement(By.id("jobs")).getText()).contains("<script>alert(1)</script>");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("main script, main img"))).isEmpty();
    }

    @Test
    void queuesAndWorkers() throws IOException {
        open("/queues");
        waitFor(By.id("queue-table"));
        assertThat(browser.findElement(By.id("queue-table")).getText()).contains("mail");
        screenshot("queues");
        open("/workers");
        waitFor(By.id("workers"));
        assertThat(browser.findElement(By.id("workers")).getText()).contains("worker-browser-test");
        screenshot("workers");
    }

    @Test
    void aClickOnRetryMakesAFailedJobDueInTheDatabase() throws IOException {
        Job invoice = utils.addJob("invoice", Map.of("order", 42), AddJobOptions.defaults());
        database.execute("update graphile_worker._private_jobs set attempts = 3, last_error = 'SMTP timeout',"
                + " run_at = now() + interval '1 hour' where id = " + invoice.id());
        try (DashboardServer acting = DashboardServer.start(Dashboard.builder(utils.administration())
                .refreshInterval(Duration.ofHours(1)).allowActions(true).build(), "127.0.0.1", 0, Optional.empty())) {
            browser.get(acting.uri().resolve("/jobs/" + invoice.id()).toString());
            waitFor(By.id("actions"));
            screenshot("job-actions");
            browser.findElement(By.cssSelector("input[name=reset_attempts]")).click();
            browser.findElement(By.id("retry")).click();
            new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.textToBe(By.id("heading"),
                    "Job " + invoice.id() + " retried"));
            screenshot("action-outcome");
            assertThat(database.text("select (run_at <= now() and attempts = 0 and locked_at is null)::text"
                    + " from graphile_worker._private_jobs where id = " + invoice.id())).isEqualTo("true");

            // By filter: the count first, then the change.
            database.execute("update graphile_worker._private_jobs set attempts = 3, last_error = 'SMTP timeout',"
                    + " run_at = now() + interval '1 hour' where id = " + invoice.id());
            browser.get(acting.uri().resolve("/jobs?state=failed&task=invoice").toString());
            waitFor(By.id("bulk"));
            browser.findElement(By.id("bulk-submit")).click();
            waitFor(By.id("confirm"));
            assertThat(browser.findElement(By.id("heading")).getText()).isEqualTo("Retry 1 job?");
            screenshot("confirm");
            browser.findElement(By.id("confirm-button")).click();
            new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.textToBe(By.id("heading"), "Retried: 1 job"));
            assertThat(database.text("select (run_at <= now())::text from graphile_worker._private_jobs"
                    + " where id = " + invoice.id())).isEqualTo("true");
        } finally {
            utils.administration().remove(JobSelection.ids(invoice.id()), true);
        }
        // The read-only dashboard offers no action.
        open("/jobs/" + failedJob.id());
        waitFor(By.id("fields"));
        assertThat(browser.findElements(By.cssSelector("form[method=post]"))).isEmpty();
    }

    @Test
    void holdsAHundredConcurrentPageLoads() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
        List<String> pages = List.of("/", "/jobs", "/jobs?state=failed,permanently_failed", "/queues", "/workers",
                "/jobs/" + failedJob.id(), "/jobs?task=send_email&order=oldest");
        List<CompletableFuture<HttpResponse<String>>> loads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            loads.add(client.sendAsync(HttpRequest.newBuilder(server.uri().resolve(pages.get(i % pages.size())))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var load : loads) {
            HttpResponse<String> response = load.get();
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
            assertThat(response.body()).as(response.uri().toString()).contains("</html>");
        }
    }

    @Test
    void theCrontabPageShowsEachItemsLastAndNextRun() throws IOException {
        try (DashboardServer withCrontab = DashboardServer.start(Dashboard.builder(utils.administration())
                .refreshInterval(Duration.ofHours(1))
                .crontab("0 4 * * * nightly_report\n*/15 * * * * poll_feeds ?tz=Europe/Paris", ZoneOffset.UTC)
                .build(), "127.0.0.1", 0, Optional.empty())) {
            browser.get(withCrontab.uri().resolve("/crontab").toString());
            waitFor(By.id("cron-items"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#cron-items tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getText()).contains("nightly_report", "0 4 * * *", "UTC", "never", "T04:00:00Z");
            assertThat(rows.get(1).getText()).contains("poll_feeds", "Europe/Paris");
            screenshot("crontab");
        }
    }

    @Test
    void badInputIsAPageSayingWhy() {
        open("/jobs?state=bogus");
        waitFor(By.id("message"));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Unknown job state 'bogus'");
    }

    @Test
    void credentialsAreRequiredWhenGiven() throws Exception {
        try (DashboardServer guarded = DashboardServer.start(Dashboard.builder(utils.administration()).build(),
                "127.0.0.1", 0, Optional.of(Credentials.parse("operator:s3cret")))) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(guarded.uri()).timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);

            URI withCredentials = URI.create("http://operator:s3cret@127.0.0.1:" + guarded.port() + "/");
            browser.get(withCredentials.toString());
            waitFor(By.id("overview"));
            assertThat(count("runnable")).isGreaterThanOrEqualTo(2);
            // The style sheet came with the same credentials: the header is laid out as a flex row.
            assertThat(browser.findElement(By.tagName("header")).getCssValue("display")).isEqualTo("flex");
        }
    }

    private void open(String path) {
        browser.get(server.uri().resolve(path).toString());
    }

    private void waitFor(By locator) {
        new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private long count(String state) {
        return Long.parseLong(browser.findElement(By.cssSelector("a[data-state='" + state + "'] .count")).getText());
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
