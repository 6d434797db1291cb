package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's timestamps are read from PostgreSQL's text: the same instants as the driver reads, in any
 * session time zone, and the driver's reading for the text this does not read.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TimestampTextTest {

    private static final List<String> ZONES = List.of("UTC", "Asia/Kolkata", "America/St_Johns",
            "Europe/Amsterdam", "Pacific/Kiritimati", "America/Los_Angeles");
    private static final List<String> VALUES = List.of("2026-12-03 11:59:01.123456+00", "2026-12-03 11:59:01+00",
            "2026-12-03 11:59:01.5+00", "2026-03-29 01:30:00+00", "2024-02-29 23:59:59.999999+00",
            "1970-01-01 00:00:00+00", "1969-12-31 23:59:59.000001+00", "1900-06-01 12:00:00+00",
            "1583-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00");

    private final TestDatabase database;

    TimestampTextTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void readsWhatPostgresqlWritesInEveryZoneAsTheDriverDoes() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String zone : ZONES) {
                statement.execute("set time zone '" + zone + "'");
                for (String value : VALUES) {
                    try (ResultSet row = statement.executeQuery("select '" + value + "'::timestamptz,"
                            + " '" + value + "'::timestamptz::text")) {
                        row.next();
                        String text = row.getString(2);
                        Instant parsed = TimestampText.parse(text);
                        if (text.charAt(4) == '-') {
                            assertThat(parsed).as("%s in %s", text, zone).isEqualTo(row.getTimestamp(1).toInstant());
                        } else {
                            // A year of five digits (9999 in UTC is 10000 in Kiribati): the driver's.
                            assertThat(parsed).as("%s in %s", text, zone).isNull();
                        }
                    }
                }
            }
        }
    }

    @Test
    void datesBeforeTheGregorianReformAreGregorianAsInPostgresql() {
        // The driver's Timestamp counts them by the Julian calendar, two days apart in year 1.
        assertThat(TimestampText.parse("0001-01-01 00:00:00+00")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    }

    @Test
    void offsetsOfHoursMinutesAndSecondsAndFractionsOfEveryLength() {
        assertThat(TimestampText.parse("2026-12-03 17:29:01.1+05:30"))
                .isEqualTo(Instant.parse("2026-12-03T11:59:01.100Z"));
        assertThat(TimestampText.parse("1900-01-01 00:19:32-00:19:32"))
                .isEqualTo(Instant.parse("1900-01-01T00:39:04Z"));
        assertThat(TimestampText.parse("2026-12-03 11:59:01.000001-03"))
                .isEqualTo(Instant.parse("2026-12-03T14:59:01.000001Z"));
    }

    @Test
    void leavesToTheDriverWhatItDoesNotRead() {
        for (String text : List.of("infinity", "-infinity", "0001-12-31 23:59:59+00 BC", "10000-01-01 00:00:00+00",
                "2026-12-03 11:59:01", "2026-12-03T11:59:01+00", "2026-02-30 00:00:00+00", "2026-12-03 11:59:01.+00",
                "2026-12-03 11:59:01+0", "2026-12-03 11:59:01+05:", "2026-12-03 11:59:01+05:30:00:00")) {
            assertThat(TimestampText.parse(text)).as(text).isNull();
        }
    }
}
