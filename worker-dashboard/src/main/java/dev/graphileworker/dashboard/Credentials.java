package dev.graphileworker.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * What requests to the dashboard must carry: a user name and password, or a token. Both are checked
 * in constant time and never logged.
 */
public sealed interface Credentials permits Credentials.UserAndPassword, Credentials.Token {

    /**
     * @param userAndPassword {@code user:password} (the password may contain {@code :})
     * @return credentials for HTTP basic authentication
     * @throws IllegalArgumentException when the text is not of that form
     */
    static Credentials parse(String userAndPassword) {
        int colon = userAndPassword == null ? -1 : userAndPassword.indexOf(':');
        if (colon <= 0 || colon == userAndPassword.length() - 1) {
            throw new IllegalArgumentException("Credentials are user:password, both non-empty");
        }
        return new UserAndPassword(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
    }

    /**
     * @param token a secret of at least {@value Token#MIN_LENGTH} characters, without white space
     * @return credentials that accept the token
     * @throws IllegalArgumentException when the token is too short or holds white space
     */
    static Credentials token(String token) {
        return new Token(token);
    }

    /**
     * @param authorization an {@code Authorization} header, or {@code null}
     * @return whether it carries these credentials
     */
    boolean acceptsAuthorization(String authorization);

    /** @return how requests authenticate, for the log: never the secret */
    String describe();

    /**
     * A user name and password, sent with HTTP basic authentication.
     *
     * @param user the user name, without {@code :}
     * @param password the password
     */
    record UserAndPassword(String user, String password) implements Credentials {

        /**
         * Checks that both are given.
         *
         * @param user the user name
         * @param password the password
         */
        public UserAndPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.contains(":") || password.isEmpty()) {
                throw new IllegalArgumentException("Credentials are user:password, both non-empty");
            }
        }

        @Override
        public boolean acceptsAuthorization(String authorization) {
            return basicAuthorization(authorization)
                    .map(given -> MessageDigest.isEqual(given, (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .orElse(false);
        }

        @Override
        public String describe() {
            return "HTTP basic authentication, user " + user;
        }

        /** @return the user name only: the password never appears in logs */
        @Override
        public String toString() {
            return "UserAndPassword[user=" + user + ", password=***]";
        }
    }

    /**
     * A token, sent as {@code Authorization: Bearer TOKEN} by scripts, or as the password of HTTP basic
     * authentication with any user name by a browser's login prompt.
     *
     * @param token the token
     */
    record Token(String token) implements Credentials {

        /** The shortest token accepted: guessing one of 16 random characters is out of reach. */
        public static final int MIN_LENGTH = 16;

        /**
         * Checks the token's length and characters.
         *
         * @param token the token
         */
        public Token {
            Objects.requireNonNull(token, "token");
            if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("A token is at least " + MIN_LENGTH
                        + " characters without white space (for example: openssl rand -hex 24)");
            }
        }

        @Override
        public boolean acceptsAuthorization(String authorization) {
            byte[] expected = token.getBytes(StandardCharsets.UTF_8);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                        expected);
            }
            return basicAuthorization(authorization).map(given -> {
                int colon = indexOf(given, (byte) ':');
                byte[] password = colon < 0 ? new byte[0] : Arrays.copyOfRange(given, colon + 1, given.length);
                return MessageDigest.isEqual(password, expected);
            }).orElse(false);
        }

        @Override
        public String describe() {
            return "a token (Authorization: Bearer, or as the password of HTTP basic authentication)";
        }

        /** @return no part of the token: it never appears in logs */
        @Override
        public String toString() {
            return "Token[***]";
        }

        private static int indexOf(byte[] bytes, byte wanted) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static Optional<byte[]> basicAuthorization(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(authorization.substring(6).trim()));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
