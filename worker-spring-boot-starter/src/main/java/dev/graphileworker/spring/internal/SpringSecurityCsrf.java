package dev.graphileworker.spring.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The field that Spring Security's CSRF protection expects in a form sent with {@code POST}, from the
 * token its filter left on the request; none when the application's filter chain has no CSRF protection
 * on that path. Loaded only when Spring Security is on the class path.
 */
public final class SpringSecurityCsrf implements DashboardFormFields {

    /**
     * @param request a request that went through Spring Security's filter chain, or not
     * @return the token's field by its parameter name ({@code _csrf}), or nothing
     */
    @Override
    public Map<String, String> fields(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return Map.of(token.getParameterName(), token.getToken());
        }
        return Map.of();
    }
}
