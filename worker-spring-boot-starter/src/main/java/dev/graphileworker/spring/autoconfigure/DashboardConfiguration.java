package dev.graphileworker.spring.autoconfigure;

import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.spring.GraphileWorkerDashboardProperties;
import dev.graphileworker.spring.internal.DashboardAccess;
import dev.graphileworker.spring.internal.DashboardFormFields;
import dev.graphileworker.spring.internal.DashboardFromProperties;
import dev.graphileworker.spring.internal.DashboardServlet;
import dev.graphileworker.spring.internal.SpringSecurityCsrf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The web dashboard, served by a servlet web application under {@code graphile.worker.dashboard.path}
 * ({@code /graphile-worker} by default) when {@code graphile.worker.dashboard.enabled} is set and
 * {@code worker-dashboard} is on the class path. Safe by default: read-only unless
 * {@code allow-actions}, and protected by its own credentials or by the application's Spring Security;
 * without either it does not start, unless {@code require-credentials=false} says the application
 * protects the path some other way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "graphile.worker.dashboard", name = "enabled", havingValue = "true")
class DashboardConfiguration {

    /** The bean that {@code @EnableWebSecurity} defines, and Spring Boot's security registers as a filter. */
    static final String SPRING_SECURITY_FILTER_CHAIN = "springSecurityFilterChain";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.graphileworker.dashboard.Dashboard", "jakarta.servlet.http.HttpServlet"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @EnableConfigurationProperties(GraphileWorkerDashboardProperties.class)
    static class ServletDashboard {

        private static final Logger LOG = LoggerFactory.getLogger(DashboardConfiguration.class);

        @Bean
        @ConditionalOnMissingBean(name = "graphileWorkerDashboardServlet")
        ServletRegistrationBean<DashboardServlet> graphileWorkerDashboardServlet(
                GraphileWorkerDashboardProperties properties, ObjectProvider<WorkerUtils> workerUtils,
                ObjectProvider<WorkerOptions> workerOptions, ListableBeanFactory beans,
                ObjectProvider<DashboardFormFields> formFields) {
            // The credentials first: a dashboard that nothing would protect stops the start before the
            // schema is migrated.
            DashboardAccess access = DashboardFromProperties.access(properties,
                    beans.containsBean(SPRING_SECURITY_FILTER_CHAIN));
            QueueAdministration administration = workerUtils.getObject().administration();
            String path = DashboardFromProperties.path(properties, administration);
            boolean allowActions = properties.isAllowActions();
            // The crontab page shows the worker's own crontab, its lines read in the worker's time zone.
            WorkerOptions options = workerOptions.getObject();
            DashboardServlet servlet = new DashboardServlet(basePath -> {
                Dashboard.Builder dashboard = Dashboard.builder(administration).basePath(basePath)
                        .allowActions(allowActions);
                options.crontab().ifPresent(crontab -> dashboard.crontab(crontab, options.cronTimeZone()));
                return dashboard.build();
            }, path, access, formFields.getIfAvailable(() -> DashboardFormFields.NONE));
            ServletRegistrationBean<DashboardServlet> registration =
                    new ServletRegistrationBean<>(servlet, path + "/*");
            registration.setName("graphileWorkerDashboard");
            registration.setLoadOnStartup(1);
            LOG.info("graphile-worker dashboard under {}/ ({}; for {})", path,
                    allowActions ? "actions allowed" : "read-only", access.describe());
            return registration;
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.security.web.csrf.CsrfToken")
        static class WithSpringSecurity {

            @Bean
            DashboardFormFields graphileWorkerDashboardCsrf() {
                return new SpringSecurityCsrf();
            }
        }
    }

    /** Asked for, and impossible: said at once rather than a page that is not there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.graphileworker.dashboard.Dashboard")
    static class WithoutTheDashboard {

        @Bean
        Object graphileWorkerDashboardServlet() {
            throw new IllegalStateException("graphile.worker.dashboard.enabled is true, but the dashboard is not on the "
                    + "class path: add the dependency dev.graphileworker:worker-dashboard");
        }
    }
}
