package dev.graphileworker.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void postgresUriBecomesJdbcUrlWithUserAndPasswordApart() {
        HikariConfig config = DatabaseUrl.poolConfig("postgres://shop:s%40cret@db.internal:6543/shop?sslmode=require");

        assertThat(config.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/shop?sslmode=require");
        assertThat(config.getUsername()).isEqualTo("shop");
        assertThat(config.getPassword()).isEqualTo("s@cret");
    }

    @Test
    void jdbcUrlIsUsedAsItIs() {
        assertThat(DatabaseUrl.poolConfig("jdbc:postgresql://localhost/shop").getJdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/shop");
    }

    @Test
    void malformedUrlIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.poolConfig("postgres://shop:se cret@db/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining("se cret");
        assertThatThrownBy(() -> DatabaseUrl.poolConfig("mysql://shop:secret@db/shop"))
                .hasMessageNotContaining("secret");
    }
}
