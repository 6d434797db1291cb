package dev.graphileworker.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class ConnectionUrlTest {

    private static final String SPECIAL_PASSWORD = "p@ss:w/o%rd?#&=+ é";
    private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Fo%25rd%3F%23%26%3D+%20%C3%A9";

    @Test
    void decodesPercentEncodedCredentialsAndKeepsQueryParameters() {
        ConnectionUrl url =
                ConnectionUrl.parse(
                        "postgres://us%40er:" + ENCODED_PASSWORD
                                + "@db.example.com:6543/my%20db?sslmode=require&application_name=gw");

        assertThat(url.user()).isEqualTo("us@er");
        assertThat(url.password()).isEqualTo(SPECIAL_PASSWORD);
        assertThat(url.host()).isEqualTo("db.example.com");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("my db");
        assertThat(url.parameters())
                .containsExactly(entry("sslmode", "require"), entry("application_name", "gw"));
    }

    @Test
    void jdbcUrlKeepsParametersButNotCredentials() {
        ConnectionUrl url =
                ConnectionUrl.parse(
                        "postgresql://worker:" + ENCODED_PASSWORD + "@localhost/jobs?sslmode=disable");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/jobs?sslmode=disable");
    }

    @Test
    void uriRoundTrips() {
        ConnectionUrl url =
                ConnectionUrl.of("127.0.0.1", 5433, "gw_test_1", "us@er", SPECIAL_PASSWORD);

        assertThat(url.uri()).startsWith("postgres://us%40er:p%40ss%3Aw%2Fo%25rd");
        assertThat(ConnectionUrl.parse(url.uri())).isEqualTo(url);
    }

    @Test
    void toStringMasksThePassword() {
        ConnectionUrl url =
                ConnectionUrl.parse("postgres://worker:" + ENCODED_PASSWORD + "@localhost/jobs");

        assertThat(url.toString())
                .isEqualTo("postgres://worker:***@localhost:5432/jobs")
                .doesNotContain(SPECIAL_PASSWORD)
                .doesNotContain(ENCODED_PASSWORD);
    }

    @Test
    void readsJdbcUrlsWithCredentialsInTheQuery() {
        ConnectionUrl url =
                ConnectionUrl.parse(
                        "jdbc:postgresql://[::1]:5433/jobs?user=worker&password=s3cret&ssl=true");

        assertThat(url.host()).isEqualTo("[::1]");
        assertThat(url.port()).isEqualTo(5433);
        assertThat(url.user()).isEqualTo("worker");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.parameters()).containsExactly(entry("ssl", "true"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/jobs?ssl=true");
    }

    @Test
    void fillsInDefaults() {
        ConnectionUrl url = ConnectionUrl.parse("postgres://").withDefaultCredentials("me", "");

        assertThat(url.host()).isEqualTo("localhost");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.user()).isEqualTo("me");
        assertThat(url.password()).isEmpty();
        assertThat(ConnectionUrl.parse("jdbc:postgresql:jobs").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/jobs");
    }

    @Test
    void rejectsOtherUrlsWithoutShowingTheirPassword() {
        assertThatThrownBy(() -> ConnectionUrl.parse("mysql://root:hunter2@localhost/jobs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mysql://root:***@localhost/jobs")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgres://root:hunter2@localhost:port/jobs"))
                .hasMessageContaining("port")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgres://root:hun%zzter2@localhost/jobs"))
                .hasMessageContaining("percent-encoding")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("hun%zzter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:postgresql://h:x/db?password=hunter2"))
                .hasMessageNotContaining("hunter2");
    }
}
