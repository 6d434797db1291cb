package dev.graphileworker.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web dashboard's settings under {@code graphile.worker.dashboard.*}: whether the application
 * serves it, where, whether it may change jobs, and who may see it. Checked when the application starts,
 * only when the dashboard is enabled; a bad value stops the start with a message that names its property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "graphile.worker.dashboard")
public class GraphileWorkerDashboardProperties {

    /** The path the dashboard is served under by default. */
    public static final String DEFAULT_PATH = "/graphile-worker";

    /**
     * Whether the application serves the dashboard (a servlet web application with worker-dashboard on the
     * class path); it then needs credentials, Spring Security, or require-credentials=false.
     */
    private boolean enabled;

    /** The path the dashboard is served under, below the application's context path, e.g. /ops/queue; no trailing /. */
    private String path = DEFAULT_PATH;

    /** Whether the dashboard offers and accepts actions (retry, remove, fail permanently, unlock); read-only when false. */
    private boolean allowActions;

    /** The user name of HTTP basic authentication for the dashboard, with password; not with token. */
    private String username;

    /** The password of HTTP basic authentication for the dashboard, with username. */
    private String password;

    /**
     * A token for the dashboard, sent as Authorization: Bearer or as the password of HTTP basic
     * authentication with any user name; at least 16 characters, not with username and password.
     */
    private String token;

    /**
     * Whether the dashboard refuses to start without protection: its own credentials, or Spring Security's
     * filter chain (whose authenticated user it then requires). False only for an application that
     * protects the path some other way.
     */
    private boolean requireCredentials = true;

    /** @return whether the application serves the dashboard */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the application serves the dashboard */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the path the dashboard is served under, below the context path */
    public String getPath() {
        return path;
    }

    /** @param path the path the dashboard is served under, below the context path */
    public void setPath(String path) {
        this.path = path;
    }

    /** @return whether the dashboard may change jobs */
    public boolean isAllowActions() {
        return allowActions;
    }

    /** @param allowActions whether the dashboard may change jobs */
    public void setAllowActions(boolean allowActions) {
        this.allowActions = allowActions;
    }

    /** @return the user name of HTTP basic authentication, or {@code null} */
    public String getUsername() {
        return username;
    }

    /** @param username the user name of HTTP basic authentication */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return the password of HTTP basic authentication, or {@code null} */
    public String getPassword() {
        return password;
    }

    /** @param password the password of HTTP basic authentication */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return the token, or {@code null} */
    public String getToken() {
        return token;
    }

    /** @param token the token */
    public void setToken(String token) {
        this.token = token;
    }

    /** @return whether the dashboard refuses to start unprotected */
    public boolean isRequireCredentials() {
        return requireCredentials;
    }

    /** @param requireCredentials whether the dashboard refuses to start unprotected */
    public void setRequireCredentials(boolean requireCredentials) {
        this.requireCredentials = requireCredentials;
    }

    /** @return the settings, with the password and token hidden */
    @Override
    public String toString() {
        return "GraphileWorkerDashboardProperties[enabled=" + enabled + ", path=" + path + ", allowActions="
                + allowActions + ", username=" + username + ", password=" + (password == null ? null : "***")
                + ", token=" + (token == null ? null : "***") + ", requireCredentials=" + requireCredentials + "]";
    }
}
