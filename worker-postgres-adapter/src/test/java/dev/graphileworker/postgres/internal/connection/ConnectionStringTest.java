package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class ConnectionStringTest {

    @Test
    void uriBecomesAJdbcUrlWithSeparateCredentials() {
        ConnectionString parsed = ConnectionString.parse("postgres://app:secret@db.example.com:6543/orders");

        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/orders");
        assertThat(parsed.user()).isEqualTo("app");
        assertThat(parsed.password()).isEqualTo("secret");
    }

    @Test
    void percentEncodedSpecialCharactersInThePasswordAreDecoded() {
        ConnectionString parsed = ConnectionString.parse("postgresql://app:p%40ss%3Aw%2Fo+rd%25@localhost/app");

        assertThat(parsed.password()).isEqualTo("p@ss:w/o+rd%");
    }

    @Test
    void queryParametersReachTheDriver() {
        ConnectionString parsed = ConnectionString.parse(
                "postgres://app@localhost/app?sslmode=verify-full&application_name=billing");

        assertThat(parsed.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://localhost/app?sslmode=verify-full&ApplicationName=billing");
    }

    @Test
    void missingDatabaseDefaultsToTheUsersName() {
        assertThat(ConnectionString.parse("postgres://app@localhost").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/app");
    }

    @Test
    void jdbcUrlPassesThrough() {
        String url = "jdbc:postgresql://localhost:5432/app?user=app&password=secret";

        assertThat(ConnectionString.parse(url).jdbcUrl()).isEqualTo(url);
    }

    @Test
    void displayedFormMasksThePassword() {
        assertThat(ConnectionString.parse("postgres://app:secret@localhost/app").toString())
                .isEqualTo("postgres://app:***@localhost/app");
        assertThat(ConnectionString.parse("jdbc:postgresql://localhost/app?user=app&password=secret").toString())
                .doesNotContain("secret");
    }

    @Test
    void invalidPortIsNamed() {
        assertThatThrownBy(() -> ConnectionString.parse("postgres://app:secret@localhost:99999/app"))
                .hasMessageContaining("99999").hasMessageNotContaining("secret");
    }
    /** Every character that means something in a URI, a JDBC URL or SQL. */
    private static final String SPECIAL_PASSWORD = "p@ss:w/rd?&%#\"' +=;";

    @Test
    void percentEncodedPasswordWithEverySpecialCharacterReachesTheDriverUnchanged() {
        ConnectionString parsed = ConnectionString.parse(
                "postgres://worker:" + encoded(SPECIAL_PASSWORD) + "@127.0.0.1:5432/jobs");

        assertThat(parsed.user()).isEqualTo("worker");
        assertThat(parsed.password()).isEqualTo(SPECIAL_PASSWORD);
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/jobs");
        assertThat(parsed.toString()).doesNotContain(SPECIAL_PASSWORD).doesNotContain(encoded(SPECIAL_PASSWORD));
    }

    @Test
    void passwordAsAParameterOfAJdbcUrlReachesTheDriverUnchangedAndIsNotDisplayed() {
        String url = "jdbc:postgresql://127.0.0.1:5432/jobs?user=worker&password=" + encoded(SPECIAL_PASSWORD)
                + "&sslmode=disable";

        ConnectionString parsed = ConnectionString.parse(url);
        Properties driverSees = Driver.parseURL(parsed.jdbcUrl(), new Properties());

        assertThat(driverSees.getProperty("user")).isEqualTo("worker");
        assertThat(driverSees.getProperty("password")).isEqualTo(SPECIAL_PASSWORD);
        assertThat(parsed.toString()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/jobs?...");
        // Unencoded, an '&' would end the password early for anything that masks only "password=...".
        assertThat(ConnectionString.parse("jdbc:postgresql://h/jobs?password=Zq9&Xv&sslpassword=Kj").toString())
                .doesNotContain("Zq9", "Xv", "Kj");
    }

    @Test
    void passwordWithUnencodedSpecialCharactersIsRefusedWithoutQuotingAnyPartOfIt() {
        // Unencoded, '@' and '/' end the password early; what follows looks like host, port and database.
        for (String password : new String[] {"Zq9@Xv:Kj/Wm?Hy", "Zq9/Xv@Kj", "Zq9/123@Kj", "Zq9?Xv/Wm@Kj"}) {
            String text = "postgres://worker:" + password + "@127.0.0.1:5432/jobs";

            assertThatThrownBy(() -> ConnectionString.parse(text), password)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("percent-encode")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("Zq9", "Xv", "Kj", "Wm", "Hy", "123"));
        }
    }

    @Test
    void tlsParametersOfAUriReachTheDriver() {
        ConnectionString parsed = ConnectionString.parse("postgres://worker:secret@db.example.com/jobs"
                + "?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Froot.crt&sslcert=%2Fkeys%2Fclient.crt"
                + "&sslkey=%2Fkeys%2Fclient.pk8&sslpassword=" + encoded(SPECIAL_PASSWORD));
        Properties driverSees = Driver.parseURL(parsed.jdbcUrl(), new Properties());

        assertThat(driverSees.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(driverSees.getProperty("sslrootcert")).isEqualTo("/etc/ssl/root.crt");
        assertThat(driverSees.getProperty("sslcert")).isEqualTo("/keys/client.crt");
        assertThat(driverSees.getProperty("sslkey")).isEqualTo("/keys/client.pk8");
        assertThat(driverSees.getProperty("sslpassword")).isEqualTo(SPECIAL_PASSWORD);
        assertThat(parsed.toString()).doesNotContain("ssl");
    }

    @Test
    void tlsParametersOfAJdbcUrlReachTheDriver() {
        ConnectionString parsed = ConnectionString.parse(
                "jdbc:postgresql://db.example.com/jobs?sslmode=require&sslrootcert=/etc/ssl/root.crt");
        Properties driverSees = Driver.parseURL(parsed.jdbcUrl(), new Properties());

        assertThat(driverSees.getProperty("sslmode")).isEqualTo("require");
        assertThat(driverSees.getProperty("sslrootcert")).isEqualTo("/etc/ssl/root.crt");
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
