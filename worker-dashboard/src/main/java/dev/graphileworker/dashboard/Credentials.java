package dev.graphileworker.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The user name and password that HTTP basic authentication asks for.
 *
 * @param user the user name
 * @param password the password
 */
public record Credentials(String user, String password) {

    /**
     * Checks that both are given.
     *
     * @param user the user name, without {@code :}
     * @param password the password
     */
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.contains(":") || password.isEmpty()) {
            throw new IllegalArgumentException("Credentials are user:password, both non-empty");
        }
    }

    /**
     * @param userAndPassword {@code user:password} (the password may contain {@code :})
     * @return the credentials
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Credentials parse(String userAndPassword) {
        int colon = userAndPassword == null ? -1 : userAndPassword.indexOf(':');
        if (colon <= 0 || colon == userAndPassword.length() - 1) {
            throw new IllegalArgumentException("Credentials are user:password, both non-empty");
        }
        return new Credentials(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
    }

    /**
     * @param authorization an {@code Authorization} header, or {@code null}
     * @return whether it carries these credentials (compared in constant time)
     */
    public boolean acceptsAuthorization(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    /** @return the user name only: the password never appears in logs */
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
