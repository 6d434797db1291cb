package dev.graphileworker.spring.dashboard;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application with the starter and nothing else: no tasks, so no worker changes the jobs that the
 * tests look at through the dashboard.
 */
@SpringBootApplication
public class DashboardApplication {
}
