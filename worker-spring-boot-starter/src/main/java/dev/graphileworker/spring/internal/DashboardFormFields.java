package dev.graphileworker.spring.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Fields that the application's own CSRF protection expects in each form sent with {@code POST}, added to
 * the dashboard's forms so that its check passes beside the dashboard's own.
 */
@FunctionalInterface
public interface DashboardFormFields {

    /** None: the application checks no forms of its own. */
    DashboardFormFields NONE = request -> Map.of();

    /**
     * @param request the request whose page is being answered
     * @return the fields by name, empty when there are none; asked for only by pages with such a form
     */
    Map<String, String> fields(HttpServletRequest request);
}
