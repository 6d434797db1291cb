package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
