package dev.graphileworker.spring.internal;

import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.dashboard.Credentials;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.spring.GraphileWorkerDashboardProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The dashboard's path and access from {@code graphile.worker.dashboard.*}, checked when the application
 * starts: a bad value, or a dashboard that nothing would protect, stops the start with Spring Boot's
 * "Invalid value ... for configuration property" report naming the property.
 */
public final class DashboardFromProperties {

    private static final String PREFIX = "graphile.worker.dashboard.";

    private DashboardFromProperties() {
    }

    /**
     * @param properties the bound properties
     * @param administration the queue, for checking the path as {@link Dashboard.Builder#basePath} does
     * @return the path to mount the dashboard under, such as {@code /graphile-worker}
     * @throws InvalidConfigurationPropertyValueException naming {@code graphile.worker.dashboard.path}
     */
    public static String path(GraphileWorkerDashboardProperties properties, QueueAdministration administration) {
        String path = properties.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "path", path,
                    "The dashboard is served under a path of its own, such as "
                            + GraphileWorkerDashboardProperties.DEFAULT_PATH);
        }
        try {
            Dashboard.builder(administration).basePath(path);
        } catch (IllegalArgumentException bad) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "path", path, bad.getMessage());
        }
        return path;
    }

    /**
     * Who may use the dashboard: with credentials, requests carrying them; else, when Spring Security's
     * filter chain is there, the users it authenticated; else, with {@code require-credentials=false},
     * whoever the application lets through.
     *
     * @param properties the bound properties
     * @param springSecurity whether the application has Spring Security's filter chain
     * @return the access
     * @throws InvalidConfigurationPropertyValueException naming the property to set or fix
     */
    public static DashboardAccess access(GraphileWorkerDashboardProperties properties, boolean springSecurity) {
        String username = properties.getUsername();
        String password = properties.getPassword();
        String token = properties.getToken();
        if (token != null && (username != null || password != null)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "token", "***",
                    "Set " + PREFIX + "username and " + PREFIX + "password, or " + PREFIX + "token, not both");
        }
        if (token != null) {
            try {
                return DashboardAccess.withCredentials(Credentials.token(token));
            } catch (IllegalArgumentException bad) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "token", "***", bad.getMessage());
            }
        }
        if (username != null || password != null) {
            if (username == null || password == null) {
                String missing = username == null ? "username" : "password";
                throw new InvalidConfigurationPropertyValueException(PREFIX + missing, null,
                        "Set " + PREFIX + "username and " + PREFIX + "password together");
            }
            try {
                return DashboardAccess.withCredentials(new Credentials.UserAndPassword(username, password));
            } catch (IllegalArgumentException bad) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "username", username,
                        "A user name without ':' and a password, both non-empty");
            }
        }
        if (springSecurity) {
            return DashboardAccess.forAuthenticatedUsers();
        }
        if (properties.isRequireCredentials()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "enabled", true,
                    "The dashboard needs protection, and this application has none for it: set " + PREFIX
                            + "username and " + PREFIX + "password, or " + PREFIX + "token; or protect "
                            + properties.getPath() + "/** with Spring Security; or, if the application protects it "
                            + "some other way, set " + PREFIX + "require-credentials=false");
        }
        return DashboardAccess.unchecked();
    }
}
