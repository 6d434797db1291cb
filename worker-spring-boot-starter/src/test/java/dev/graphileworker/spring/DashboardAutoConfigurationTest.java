package dev.graphileworker.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.spring.autoconfigure.GraphileWorkerAutoConfiguration;
import dev.graphileworker.spring.internal.DashboardFormFields;
import dev.graphileworker.spring.internal.DashboardServlet;
import dev.graphileworker.spring.internal.SpringSecurityCsrf;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** Each condition under which the starter serves the dashboard, on application contexts made for the test. */
@ExtendWith(PostgresDatabaseExtension.class)
class DashboardAutoConfigurationTest {

    private static final String SERVLET = "graphileWorkerDashboardServlet";

    private static TestDatabase database;

    @BeforeAll
    static void database(TestDatabase testDatabase) {
        database = testDatabase;
    }

    private static String[] dataSource() {
        return new String[] {"spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + database.user(), "spring.datasource.password=" + database.password()};
    }

    private static WebApplicationContextRunner servletApplication() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withPropertyValues(dataSource());
    }

    private static WebApplicationContextRunner enabledWithCredentials() {
        return servletApplication().withPropertyValues("graphile.worker.dashboard.enabled=true",
                "graphile.worker.dashboard.username=ops", "graphile.worker.dashboard.password=correct horse");
    }

    private static ContextConsumer<AssertableWebApplicationContext> refusedNaming(String property, String... words) {
        return context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                            invalid -> assertThat(invalid.getName()).isEqualTo(property))
                    .hasMessageContaining(property);
            for (String word : words) {
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(word);
            }
        };
    }

    @Test
    void offByDefault() {
        servletApplication().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SERVLET).doesNotHaveBean(ServletRegistrationBean.class);
        });
    }

    @Test
    void enabledWithoutCredentialsOrSpringSecurityTheStartStopsNamingTheProperties() {
        servletApplication().withPropertyValues("graphile.worker.dashboard.enabled=true")
                .run(refusedNaming("graphile.worker.dashboard.enabled", "graphile.worker.dashboard.username",
                        "graphile.worker.dashboard.password", "graphile.worker.dashboard.token",
                        "Spring Security", "graphile.worker.dashboard.require-credentials=false"));
    }

    @Test
    void anUnprotectedDashboardStopsTheStartBeforeTheSchemaIsInstalled() {
        TestDatabase fresh = database.createDatabase();
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + fresh.jdbcUrl(),
                        "spring.datasource.username=" + fresh.user(), "spring.datasource.password=" + fresh.password(),
                        "graphile.worker.dashboard.enabled=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(fresh.count("select count(*) from information_schema.schemata"
                            + " where schema_name = 'graphile_worker'")).isZero();
                });
    }

    @Test
    void enabledWithCredentialsTheServletIsMountedAtTheDefaultPath() {
        enabledWithCredentials().run(context -> {
            assertThat(context).hasNotFailed();
            ServletRegistrationBean<?> registration = context.getBean(SERVLET, ServletRegistrationBean.class);
            assertThat(registration.getServlet()).isInstanceOf(DashboardServlet.class);
            assertThat(registration.getUrlMappings()).containsExactly("/graphile-worker/*");
        });
    }

    @Test
    void theServletIsMountedAtTheConfiguredPath() {
        servletApplication().withPropertyValues("graphile.worker.dashboard.enabled=true",
                "graphile.worker.dashboard.path=/ops/queue", "graphile.worker.dashboard.token=0123456789abcdef0123")
                .run(context -> assertThat(context.getBean(SERVLET, ServletRegistrationBean.class).getUrlMappings())
                        .containsExactly("/ops/queue/*"));
    }

    @ParameterizedTest(name = "path=''{0}''")
    @ValueSource(strings = {"/graphile-worker/", "graphile-worker", "/", "", "/queue?x", "/a b"})
    void aBadPathIsRefusedNamingIt(String path) {
        enabledWithCredentials().withPropertyValues("graphile.worker.dashboard.path=" + path)
                .run(refusedNaming("graphile.worker.dashboard.path"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "graphile.worker.dashboard.token=short|graphile.worker.dashboard.token|at least 16",
        "graphile.worker.dashboard.username=ops|graphile.worker.dashboard.password|together",
        "graphile.worker.dashboard.password=secret|graphile.worker.dashboard.username|together",
        "graphile.worker.dashboard.username=o:ps,graphile.worker.dashboard.password=x|graphile.worker.dashboard.username|without ':'",
    })
    void badCredentialsAreRefusedNamingTheProperty(String settings, String property, String reason) {
        servletApplication().withPropertyValues("graphile.worker.dashboard.enabled=true")
                .withPropertyValues(settings.split(","))
                .run(refusedNaming(property, reason));
    }

    @Test
    void aTokenBesideAUserAndPasswordIsRefused() {
        enabledWithCredentials().withPropertyValues("graphile.worker.dashboard.token=0123456789abcdef0123")
                .run(refusedNaming("graphile.worker.dashboard.token", "not both"));
    }

    @Test
    void withSpringSecuritysFilterChainTheDashboardNeedsNoCredentialsOfItsOwn() {
        servletApplication().withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                        ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
                .withPropertyValues("graphile.worker.dashboard.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("springSecurityFilterChain").hasBean(SERVLET);
                    assertThat(context.getBean(DashboardFormFields.class)).isInstanceOf(SpringSecurityCsrf.class);
                });
    }

    @Test
    void anApplicationThatProtectsThePathItselfCanSaySo() {
        servletApplication().withPropertyValues("graphile.worker.dashboard.enabled=true",
                "graphile.worker.dashboard.require-credentials=false")
                .run(context -> assertThat(context).hasNotFailed().hasBean(SERVLET));
    }

    @Test
    void withoutSpringSecurityOnTheClassPathTheDashboardIsServedWithItsCredentials() {
        enabledWithCredentials().withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean(SERVLET);
                    assertThat(context).doesNotHaveBean(DashboardFormFields.class);
                });
    }

    @Test
    void outsideAServletWebApplicationNothingIsServedAndNothingFails() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withPropertyValues(dataSource())
                .withPropertyValues("graphile.worker.dashboard.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SERVLET));
    }

    @Test
    void enabledWithoutWorkerDashboardOnTheClassPathTheStartStopsSayingWhatToAdd() {
        enabledWithCredentials().withClassLoader(new FilteredClassLoader(Dashboard.class)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("dev.graphileworker:worker-dashboard");
        });
        servletApplication().withClassLoader(new FilteredClassLoader(Dashboard.class))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void turningTheWorkerOffTurnsTheDashboardOffToo() {
        enabledWithCredentials().withPropertyValues("graphile.worker.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SERVLET));
    }
}
