package dev.graphileworker.spring.internal;

import dev.graphileworker.dashboard.Credentials;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the dashboard: requests carrying its own credentials, or requests of a user the application
 * authenticated (its Spring Security filter chain, or the servlet container), or, when the application
 * protects the path some other way, any request that reaches it.
 *
 * @param credentials the dashboard's own credentials, checked on every request when present
 * @param userRequired whether a request must come with an authenticated user
 *     ({@code HttpServletRequest.getUserPrincipal()})
 */
public record DashboardAccess(Optional<Credentials> credentials, boolean userRequired) {

    /**
     * Checks the parts.
     *
     * @param credentials the dashboard's own credentials
     * @param userRequired whether a request must come with an authenticated user
     */
    public DashboardAccess {
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * @param credentials what every request must carry
     * @return access with the dashboard's own credentials
     */
    public static DashboardAccess withCredentials(Credentials credentials) {
        return new DashboardAccess(Optional.of(credentials), false);
    }

    /** @return access for the users the application authenticated */
    public static DashboardAccess forAuthenticatedUsers() {
        return new DashboardAccess(Optional.empty(), true);
    }

    /** @return access for any request the application lets through */
    public static DashboardAccess unchecked() {
        return new DashboardAccess(Optional.empty(), false);
    }

    /** @return how requests are let in, for the log: never a secret */
    public String describe() {
        if (credentials.isPresent()) {
            return credentials.get().describe();
        }
        return userRequired ? "users the application authenticated" : "requests the application lets through";
    }
}
