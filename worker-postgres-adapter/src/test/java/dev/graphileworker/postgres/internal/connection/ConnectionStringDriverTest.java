package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.ConnectionString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/**
 * What the JDBC driver makes of {@link ConnectionString#jdbcUrl()} with {@link ConnectionString#properties()},
 * as {@link Database} hands them over. How the texts are read is tested in the API.
 */
class ConnectionStringDriverTest {

    /** Every character that means something in a URI, a JDBC URL or SQL. */
    private static final String SPECIAL_PASSWORD = "p@ss:w/rd?&%#\"' +=;";

    @Test
    void aJdbcUrlMeansToTheDriverWhatItMeantBefore() {
        for (String url : List.of(
                "jdbc:postgresql://localhost:5432/app?user=app&password=secret",
                "jdbc:postgresql://h1:5433,h2/my%20db?ApplicationName=a+b%26c&sslmode=require&prepareThreshold=0",
                "jdbc:postgresql://[::1]:5433/jobs?user=worker&password=" + encoded(SPECIAL_PASSWORD) + "&ssl=true",
                "jdbc:postgresql:jobs?user=u",
                "jdbc:postgresql://h/jobs?password=Zq9&Xv&sslpassword=Kj")) {
            Properties before = Driver.parseURL(url, new Properties());
            ConnectionString parsed = ConnectionString.parse(url);

            Properties after = driverSees(parsed);

            assertThat(before).as(url).isNotNull();
            for (String name : before.stringPropertyNames()) {
                assertThat(after.getProperty(name)).as(url + ": " + name).isEqualTo(before.getProperty(name));
            }
        }
    }

    @Test
    void percentEncodedPasswordWithEverySpecialCharacterReachesTheDriverUnchanged() {
        ConnectionString parsed = ConnectionString.parse(
                "postgres://worker:" + encoded(SPECIAL_PASSWORD) + "@127.0.0.1:5432/jobs");

        Properties driverSees = driverSees(parsed);

        assertThat(driverSees.getProperty("user")).isEqualTo("worker");
        assertThat(driverSees.getProperty("password")).isEqualTo(SPECIAL_PASSWORD);
        assertThat(driverSees.getProperty("PGDBNAME")).isEqualTo("jobs");
        assertThat(parsed.toString()).doesNotContain(SPECIAL_PASSWORD).doesNotContain(encoded(SPECIAL_PASSWORD));
    }

    @Test
    void passwordAsAParameterOfAJdbcUrlReachesTheDriverUnchangedAndIsNotDisplayed() {
        String url = "jdbc:postgresql://127.0.0.1:5432/jobs?user=worker&password=" + encoded(SPECIAL_PASSWORD)
                + "&sslmode=disable";

        ConnectionString parsed = ConnectionString.parse(url);
        Properties driverSees = driverSees(parsed);

        assertThat(driverSees.getProperty("user")).isEqualTo("worker");
        assertThat(driverSees.getProperty("password")).isEqualTo(SPECIAL_PASSWORD);
        assertThat(driverSees.getProperty("sslmode")).isEqualTo("disable");
        assertThat(parsed.jdbcUrl()).doesNotContain("password");
        assertThat(parsed.toString()).isEqualTo("postgres://worker:***@127.0.0.1:5432/jobs?...");
        // Unencoded, an '&' would end the password early for anything that masks only "password=...".
        assertThat(ConnectionString.parse("jdbc:postgresql://h/jobs?password=Zq9&Xv&sslpassword=Kj").toString())
                .doesNotContain("Zq9", "Xv", "Kj");
    }

    @Test
    void severalHostsAndLibpqParametersReachTheDriverUnderItsNames() {
        Properties driverSees = driverSees(ConnectionString.parse("postgres://app@h1:5433,h2,[::1]:5434/app"
                + "?application_name=billing&connect_timeout=5&target_session_attrs=read-write"));

        assertThat(driverSees.getProperty("PGHOST")).isEqualTo("h1,h2,[::1]");
        assertThat(driverSees.getProperty("PGPORT")).isEqualTo("5433,5432,5434");
        assertThat(driverSees.getProperty("ApplicationName")).isEqualTo("billing");
        assertThat(driverSees.getProperty("connectTimeout")).isEqualTo("5");
        assertThat(driverSees.getProperty("targetServerType")).isEqualTo("primary");
    }

    @Test
    void tlsParametersOfAUriReachTheDriver() {
        ConnectionString parsed = ConnectionString.parse("postgres://worker:secret@db.example.com/jobs"
                + "?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Froot.crt&sslcert=%2Fkeys%2Fclient.crt"
                + "&sslkey=%2Fkeys%2Fclient.pk8&sslpassword=" + encoded(SPECIAL_PASSWORD));
        Properties driverSees = driverSees(parsed);

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
        Properties driverSees = driverSees(parsed);

        assertThat(driverSees.getProperty("sslmode")).isEqualTo("require");
        assertThat(driverSees.getProperty("sslrootcert")).isEqualTo("/etc/ssl/root.crt");
    }

    /** The driver's reading of the URL, over the properties given with it (the URL's win, as in a connection). */
    private static Properties driverSees(ConnectionString connection) {
        Properties seen = Driver.parseURL(connection.jdbcUrl(), connection.properties());
        assertThat(seen).as(connection.toString()).isNotNull();
        return seen;
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
