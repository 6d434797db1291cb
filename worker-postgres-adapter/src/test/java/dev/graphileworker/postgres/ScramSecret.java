package dev.graphileworker.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a password against the SCRAM-SHA-256 secret PostgreSQL keeps in {@code pg_authid}
 * (RFC 5802/7677): the way to prove which password a client would send when the test server trusts
 * local connections and never asks for it.
 */
final class ScramSecret {

    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, Base64 throughout. */
    private static final Pattern FORMAT = Pattern.compile("SCRAM-SHA-256\\$(\\d+):([^$]+)\\$([^:]+):(.+)");

    private ScramSecret() {}

    /**
     * @param rolpassword the role's {@code pg_authid.rolpassword}
     * @param password a password made of printable ASCII (which SASLprep leaves as it is)
     * @return whether the server would accept {@code password}
     */
    static boolean accepts(String rolpassword, String password) throws GeneralSecurityException {
        Matcher secret = FORMAT.matcher(rolpassword);
        if (!secret.matches()) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 secret");
        }
        int iterations = Integer.parseInt(secret.group(1));
        byte[] salt = Base64.getDecoder().decode(secret.group(2));
        byte[] serverKey = Base64.getDecoder().decode(secret.group(4));
        byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                .getEncoded();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(saltedPassword, "HmacSHA256"));
        return MessageDigest.isEqual(hmac.doFinal("Server Key".getBytes(StandardCharsets.UTF_8)), serverKey);
    }
}
