package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Gathers the cases of the four readers this type replaced: the PostgreSQL adapter's
 * {@code ConnectionString}, the testkit's {@code ConnectionUrl}, the orders example's
 * {@code DatabaseUrl} and the command line's handling of the libpq variables. What the JDBC driver
 * makes of the result is checked against the driver in the PostgreSQL adapter's tests.
 */
class ConnectionStringTest {

    private static final String OS_USER = System.getProperty("user.name");
    /** Every character that means something in a URI, a JDBC URL or SQL. */
    private static final String SPECIAL_PASSWORD = "p@ss:w/o%rd?#&=+ é\"';";

    @Nested
    class Uris {

        @Test
        void uriBecomesAJdbcUrlWithTheCredentialsApart() {
            ConnectionString parsed = ConnectionString.parse("postgres://app:secret@db.example.com:6543/orders");

            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/orders");
            assertThat(parsed.user()).isEqualTo("app");
            assertThat(parsed.password()).contains("secret");
            assertThat(parsed.database()).isEqualTo("orders");
            Properties properties = parsed.properties();
            assertThat(properties).containsOnlyKeys("user", "password");
            assertThat(properties.getProperty("user")).isEqualTo("app");
            assertThat(properties.getProperty("password")).isEqualTo("secret");
        }

        @Test
        void percentEncodedUserPasswordAndDatabaseAreDecodedAndAPlusStaysAPlus() {
            ConnectionString parsed = ConnectionString.parse(
                    "postgresql://us%40er:" + encoded(SPECIAL_PASSWORD) + "@localhost/my%20db");

            assertThat(parsed.user()).isEqualTo("us@er");
            assertThat(parsed.password()).contains(SPECIAL_PASSWORD);
            assertThat(parsed.database()).isEqualTo("my db");
            assertThat(ConnectionString.parse("postgresql://app:p%40ss%3Aw%2Fo+rd%25@localhost/app").password())
                    .contains("p@ss:w/o+rd%");
            assertThat(ConnectionString.parse("postgres://shop:s%40cret@db.internal:6543/shop").password())
                    .contains("s@cret");
        }

        @Test
        void queryParametersReachTheDriverUnderItsNames() {
            ConnectionString parsed = ConnectionString.parse("postgres://app@localhost/app"
                    + "?sslmode=verify-full&application_name=billing&connect_timeout=5&prepareThreshold=0");

            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app"
                    + "?sslmode=verify-full&ApplicationName=billing&connectTimeout=5&prepareThreshold=0");
        }

        @Test
        void parameterValuesAreEncodedForTheDriverWhichFormDecodesThem() {
            ConnectionString parsed = ConnectionString.parse(
                    "postgres://app@localhost/my%20db?sslrootcert=%2Fetc%2Fssl%2Fa+b%20c.crt");

            assertThat(parsed.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:5432/my%20db?sslrootcert=%2Fetc%2Fssl%2Fa%2Bb%20c.crt");
        }

        @Test
        void credentialsAndDatabaseInTheQueryWinAsInLibpq() {
            ConnectionString parsed = ConnectionString.parse(
                    "postgres://ignored@h/ignored?user=worker&password=s3cret&dbname=jobs&sslmode=disable");

            assertThat(parsed.user()).isEqualTo("worker");
            assertThat(parsed.password()).contains("s3cret");
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/jobs?sslmode=disable");
        }

        @Test
        void severalHostsAreKeptInOrderEachWithItsPort() {
            assertThat(ConnectionString.parse("postgres://app@host1:5433,host2,[::1]:5434/app").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://host1:5433,host2:5432,[::1]:5434/app");
            assertThat(ConnectionString.parse("postgres:///app?host=h1,h2&port=5433,5434&user=app").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://h1:5433,h2:5434/app");
        }

        @Test
        void targetSessionAttrsBecomesTheDriversTargetServerType() {
            assertThat(ConnectionString.parse("postgres://a@h1,h2/db?target_session_attrs=read-write").jdbcUrl())
                    .endsWith("?targetServerType=primary");
            assertThat(ConnectionString.parse("postgres://a@h1,h2/db?target_session_attrs=prefer-standby").jdbcUrl())
                    .endsWith("?targetServerType=preferSecondary");
            assertThatThrownBy(() -> ConnectionString.parse("postgres://a@h/db?target_session_attrs=primaryish"))
                    .hasMessageContaining("target_session_attrs").hasMessageContaining("read-write");
        }

        @Test
        void whatIsLeftOutIsDecidedAsLibpqDecidesIt() {
            ConnectionString nothing = ConnectionString.parse("postgres://");

            assertThat(nothing.user()).isEqualTo(OS_USER);
            assertThat(nothing.database()).isEqualTo(OS_USER);
            assertThat(nothing.password()).isEmpty();
            assertThat(nothing.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/" + OS_USER);
            assertThat(ConnectionString.parse("postgres://app@localhost").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:5432/app");
            assertThat(ConnectionString.parse("postgresql://:5433/db").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:5433/db");
        }

        @Test
        void schemeIsCaseInsensitiveAndSurroundingWhiteSpaceIgnored() {
            assertThat(ConnectionString.parse("  POSTGRES://app@h/db\n").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
        }
    }

    @Nested
    class JdbcUrls {

        @Test
        void userAndPasswordParametersBecomeTheCredentialsAndTheRestStays() {
            ConnectionString parsed =
                    ConnectionString.parse("jdbc:postgresql://[::1]:5433/jobs?user=worker&password=s3cret&ssl=true");

            assertThat(parsed.user()).isEqualTo("worker");
            assertThat(parsed.password()).contains("s3cret");
            assertThat(parsed.database()).isEqualTo("jobs");
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/jobs?ssl=true");
        }

        @Test
        void decodedAsTheDriverDecodesThemWithAPlusForASpace() {
            ConnectionString parsed = ConnectionString.parse(
                    "jdbc:postgresql://h/my+db?password=" + encoded(SPECIAL_PASSWORD) + "&ApplicationName=a+b");

            assertThat(parsed.database()).isEqualTo("my db");
            assertThat(parsed.password()).contains(SPECIAL_PASSWORD);
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/my%20db?ApplicationName=a%20b");
        }

        @Test
        void shortFormsMeanLocalhost() {
            assertThat(ConnectionString.parse("jdbc:postgresql:jobs").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:5432/jobs");
            assertThat(ConnectionString.parse("jdbc:postgresql://localhost/shop").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:5432/shop");
            assertThat(ConnectionString.parse("jdbc:postgresql:").database()).isEqualTo(OS_USER);
        }
    }

    @Nested
    class Environment {

        @Test
        void libpqVariablesAloneNameADatabaseWithLibpqDefaults() {
            assertThat(ConnectionString.fromEnvironment(Map.of("PGDATABASE", "jobs")).toString())
                    .isEqualTo("postgres://" + OS_USER + "@localhost:5432/jobs");
            assertThat(ConnectionString.fromEnvironment(Map.of("PGUSER", "bob")).toString())
                    .isEqualTo("postgres://bob@localhost:5432/bob");
            assertThat(ConnectionString.fromEnvironment(Map.of(
                    "PGHOST", "db.internal", "PGPORT", "6543", "PGUSER", "app", "PGDATABASE", "orders")).jdbcUrl())
                    .isEqualTo("jdbc:postgresql://db.internal:6543/orders");
        }

        @Test
        void passwordWithSpecialCharactersReachesTheDriverWhole() {
            ConnectionString fromEnvironment = ConnectionString.fromEnvironment(Map.of("PGPASSWORD", SPECIAL_PASSWORD));

            assertThat(fromEnvironment.password()).contains(SPECIAL_PASSWORD);
            assertThat(fromEnvironment.properties().getProperty("password")).isEqualTo(SPECIAL_PASSWORD);
            assertThat(fromEnvironment.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/" + OS_USER);
        }

        @Test
        void sslModeReachesTheDriverUnlessTheTextSetsOne() {
            assertThat(ConnectionString.fromEnvironment(Map.of("PGHOST", "db", "PGSSLMODE", "verify-full")).jdbcUrl())
                    .isEqualTo("jdbc:postgresql://db:5432/" + OS_USER + "?sslmode=verify-full");
            assertThat(ConnectionString.parse("postgres://a@h/d?sslmode=disable")
                    .withEnvironmentDefaults(Map.of("PGSSLMODE", "require")).jdbcUrl()).endsWith("?sslmode=disable");
            assertThat(ConnectionString.parse("jdbc:postgresql://h/d?ssl=true")
                    .withEnvironmentDefaults(Map.of("PGSSLMODE", "disable")).jdbcUrl()).endsWith("?ssl=true");
        }

        @Test
        void variablesFillInOnlyWhatTheTextLeavesOut() {
            Map<String, String> environment = Map.of("PGHOST", "pghost", "PGPORT", "6000", "PGUSER", "pguser",
                    "PGPASSWORD", "pgpassword", "PGDATABASE", "pgdatabase");

            ConnectionString complete = ConnectionString.parse("postgres://app:secret@h:5433/db")
                    .withEnvironmentDefaults(environment);
            ConnectionString partial = ConnectionString.parse("postgres://h1,h2:5433/").withEnvironmentDefaults(environment);

            assertThat(complete).isEqualTo(ConnectionString.parse("postgres://app:secret@h:5433/db"));
            assertThat(partial.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:6000,h2:5433/pgdatabase");
            assertThat(partial.user()).isEqualTo("pguser");
            assertThat(partial.password()).contains("pgpassword");
        }

        @Test
        void severalHostsAndPortsAsInLibpq() {
            assertThat(ConnectionString.fromEnvironment(Map.of("PGHOST", "h1,h2", "PGPORT", "5433,5434",
                    "PGUSER", "u")).jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5433,h2:5434/u");
            assertThat(ConnectionString.fromEnvironment(Map.of("PGHOST", "::1", "PGUSER", "u")).jdbcUrl())
                    .isEqualTo("jdbc:postgresql://[::1]:5432/u");
            assertThatThrownBy(() -> ConnectionString.fromEnvironment(Map.of("PGHOST", "h1,h2", "PGPORT", "1,2,3")))
                    .hasMessageContaining("PGPORT names 3 ports for 2 hosts");
        }

        @Test
        void anEmptyVariableCountsAsUnset() {
            assertThat(ConnectionString.fromEnvironment(Map.of("PGHOST", "", "PGPORT", "", "PGUSER", "")))
                    .isEqualTo(ConnectionString.parse("postgres://"));
        }

        @Test
        void unusableVariablesAreNamed() {
            assertThatThrownBy(() -> ConnectionString.fromEnvironment(Map.of("PGHOST", "/var/run/postgresql")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("PGHOST names a socket directory").hasMessageContaining("TCP");
            assertThatThrownBy(() -> ConnectionString.fromEnvironment(Map.of("PGPORT", "fifty")))
                    .hasMessageStartingWith("PGPORT has an invalid port 'fifty'").hasMessageContaining("1 to 65535");
        }
    }

    @Nested
    class Output {

        @Test
        void toStringMasksThePasswordAndLeavesParametersOut() {
            assertThat(ConnectionString.parse("postgres://worker:" + encoded(SPECIAL_PASSWORD) + "@localhost/jobs"))
                    .hasToString("postgres://worker:***@localhost:5432/jobs");
            assertThat(ConnectionString.parse("postgres://app:secret@localhost/app?sslpassword=Kj4&sslmode=require"))
                    .hasToString("postgres://app:***@localhost:5432/app?...");
            assertThat(ConnectionString.parse("jdbc:postgresql://localhost/app?user=app&password=secret"))
                    .hasToString("postgres://app:***@localhost:5432/app");
            assertThat(ConnectionString.parse("postgres://app@h1,h2:5433/db")).hasToString("postgres://app@h1:5432,h2:5433/db");
        }

        @Test
        void uriIsCompleteAndReadsBackToAnEqualConnectionString() {
            ConnectionString original = ConnectionString.fromEnvironment(Map.of("PGHOST", "127.0.0.1", "PGPORT", "5433",
                    "PGDATABASE", "gw_test_1", "PGUSER", "us@er", "PGPASSWORD", SPECIAL_PASSWORD));
            ConnectionString withParameters = ConnectionString.parse(
                    "postgres://a:b@h1:1,h2:2/d?sslmode=require&application_name=x%26y");

            assertThat(original.uri()).startsWith("postgres://us%40er:p%40ss%3Aw%2Fo%25rd")
                    .endsWith("@127.0.0.1:5433/gw_test_1");
            assertThat(ConnectionString.parse(original.uri())).isEqualTo(original);
            assertThat(withParameters.uri()).isEqualTo("postgres://a:b@h1:1,h2:2/d?sslmode=require&ApplicationName=x%26y");
            assertThat(ConnectionString.parse(withParameters.uri())).isEqualTo(withParameters);
        }

        @Test
        void withDatabaseChangesOnlyTheDatabase() {
            ConnectionString admin = ConnectionString.parse("postgres://admin:pw@h:5433/postgres?sslmode=disable");

            ConnectionString other = admin.withDatabase("gw_test_1");

            assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/gw_test_1?sslmode=disable");
            assertThat(other.user()).isEqualTo("admin");
            assertThat(other.password()).contains("pw");
            assertThat(admin.database()).isEqualTo("postgres");
            assertThatThrownBy(() -> admin.withDatabase("")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Refusals {

        @Test
        void otherSchemesBareNamesAndKeywordFormsAreRefusedNamingWhatWasGiven() {
            assertThatThrownBy(() -> ConnectionString.parse("mysql://root:hunter2@localhost/jobs"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("connection string must start with postgres://, postgresql:// or jdbc:postgresql:"
                            + " (it starts with 'mysql:')");
            assertThatThrownBy(() -> ConnectionString.parse("jdbc:mysql://h/db", "DATABASE_URL"))
                    .hasMessageStartingWith("DATABASE_URL must start with").hasMessageContaining("'jdbc:mysql:'");
            assertThatThrownBy(() -> ConnectionString.parse("mydb")).hasMessageContaining("it has no scheme");
            assertThatThrownBy(() -> ConnectionString.parse("host=localhost dbname=jobs"))
                    .hasMessageContaining("must start with postgres://");
            assertThatThrownBy(() -> ConnectionString.parse("  ", "--connection")).hasMessage("--connection is empty");
            assertThatThrownBy(() -> ConnectionString.parse(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void invalidPortsAreNamedAndQuoted() {
            assertThatThrownBy(() -> ConnectionString.parse("postgres://app:secret@localhost:99999/app"))
                    .hasMessageContaining("port '99999'").hasMessageNotContaining("secret");
            assertThatThrownBy(() -> ConnectionString.parse("postgres://root:hunter2@localhost:port/jobs"))
                    .hasMessageContaining("port").hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> ConnectionString.parse("jdbc:postgresql://h:x/db?password=hunter2"))
                    .hasMessageContaining("port 'x'").hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> ConnectionString.parse("postgres://a@h1,h2:0/db")).hasMessageContaining("host 2");
        }

        @Test
        void malformedPercentEncodingIsNamedWithoutQuotingIt() {
            assertThatThrownBy(() -> ConnectionString.parse("postgres://root:hun%zzter2@localhost/jobs"))
                    .hasMessage("connection string has a malformed percent-encoding in its password");
            assertThatThrownBy(() -> ConnectionString.parse("postgres://u@h/db?sslpassword=ab%2"))
                    .hasMessageContaining("the value of query parameter 1").hasMessageNotContaining("ab%2");
            assertThatThrownBy(() -> ConnectionString.parse("postgres://u:nul%00@h/db"))
                    .hasMessageContaining("percent-encoding in its password");
            assertThatThrownBy(() -> ConnectionString.parse("jdbc:postgresql://h/db?password=hun%zz"))
                    .hasMessageContaining("percent-encoding").hasMessageNotContaining("hun");
        }

        @Test
        void passwordWithUnencodedSpecialCharactersIsRefusedWithoutQuotingAnyPartOfIt() {
            // Unencoded, '@', '/' and '?' end the password early; what follows looks like host, port and database.
            for (String password : List.of("Zq9@Xv:Kj/Wm?Hy", "Zq9/Xv@Kj", "Zq9/123@Kj", "Zq9?Xv/Wm@Kj")) {
                String text = "postgres://worker:" + password + "@127.0.0.1:5432/jobs";

                assertThatThrownBy(() -> ConnectionString.parse(text), password)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("percent-encode")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Zq9", "Xv", "Kj", "Wm", "Hy", "123"));
            }
            assertThatThrownBy(() -> ConnectionString.parse("postgres://u@h/db?password=Zq9&Xv&sslmode=require"))
                    .hasMessageContaining("not name=value (parameter 2)").hasMessageNotContaining("Xv");
        }

        @Test
        void socketDirectoriesAreRefusedForTheDriverSpeaksTcpOnly() {
            assertThatThrownBy(() -> ConnectionString.parse("postgres://%2Fvar%2Frun%2Fpostgresql/db"))
                    .hasMessageContaining("socket directory");
            assertThatThrownBy(() -> ConnectionString.parse("postgres:///db?host=/tmp"))
                    .hasMessageContaining("socket directory");
        }

        @Test
        void noPasswordEverShowsInAMessageOrInToString() {
            String password = "Zq9Xv7Kj4";
            List<String> malformed = List.of(
                    "mysql://u:" + password + "@h/db",
                    "pg://u:" + password + "@h/db",
                    "postgres://u:" + password + "@h:port/db",
                    "postgres://u:" + password + "@h:99999/db",
                    "postgres://u:" + password + "%zz@h/db",
                    "postgres://u:" + password + "@h/db?x",
                    "postgres://u:" + password + "@h/db?target_session_attrs=x",
                    "postgres://u:" + password + "@%2Ftmp/db",
                    "postgres://u:" + password + "@[::1/db",
                    "postgres://u@h/db?password=" + password + "%2",
                    "jdbc:postgresql://h:x/db?password=" + password,
                    "jdbc:postgresql://h/db?password=" + password + "%");
            List<String> wellFormed = List.of(
                    "postgres://u:" + password + "@h/db",
                    "postgres://u@h/db?password=" + password,
                    "postgres://u@h/db?sslpassword=" + password,
                    "jdbc:postgresql://h/db?password=" + password,
                    "jdbc:postgresql://h/db?user=u&sslpassword=" + password + "&password=" + password);

            for (String text : malformed) {
                Throwable error = catchThrowable(() -> ConnectionString.parse(text));
                assertThat(error).as(text).isInstanceOf(IllegalArgumentException.class);
                assertThat(error.getMessage()).as(text).doesNotContain(password, "Zq9", "Kj4");
            }
            for (String text : wellFormed) {
                assertThat(ConnectionString.parse(text).toString()).as(text).doesNotContain(password, "Zq9");
            }
            assertThat(ConnectionString.fromEnvironment(Map.of("PGPASSWORD", password)).toString()).doesNotContain(password);
        }
    }

    @Test
    void equalWhenTheyNameTheSameThings() {
        assertThat(ConnectionString.parse("postgresql://app:pw@h:5433/db?sslmode=require"))
                .isEqualTo(ConnectionString.parse("jdbc:postgresql://h:5433/db?sslmode=require&user=app&password=pw"))
                .hasSameHashCodeAs(ConnectionString.parse("postgres://app:pw@h:5433/db?sslmode=require"))
                .isNotEqualTo(ConnectionString.parse("postgres://app:other@h:5433/db?sslmode=require"));
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
