package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;

/**
 * A job's timestamps sent in binary (as the driver asks for them once a statement is prepared on the
 * server) are read as the same instants as the driver reads, and as their text reads.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TimestampBinaryTest {

    private static final List<String> VALUES = List.of("2026-12-03 11:59:01.123456+00", "2026-12-03 11:59:01+00",
            "2000-01-01 00:00:00+00", "1999-12-31 23:59:59.999999+00", "2024-02-29 23:59:59.999999+00",
            "1970-01-01 00:00:00+00", "1969-12-31 23:59:59.000001+00", "1900-06-01 12:00:00+00",
            "1583-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00");

    private final TestDatabase database;

    TimestampBinaryTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void readsWhatPostgresqlSendsInBinaryAsTheDriverAndTheTextDo() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select value::timestamptz, value::timestamptz::text from unnest(?::text[]) as value")) {
            connection.createStatement().execute("set time zone 'America/St_Johns'");
            // Binary results from the first use on, rather than from the fifth.
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            statement.setArray(1, connection.createArrayOf("text", VALUES.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(1)).isEqualTo(1);
                int read = 0;
                while (rows.next()) {
                    Instant decoded = TimestampBinary.decode(rows.getBytes(1));
                    assertThat(decoded).as(rows.getString(2)).isEqualTo(rows.getTimestamp(1).toInstant())
                            .isEqualTo(TimestampText.parse(rows.getString(2)));
                    read++;
                }
                assertThat(read).isEqualTo(VALUES.size());
            }
        }
    }

    @Test
    void leavesInfinitiesAndOtherBytesToTheDriver() {
        assertThat(TimestampBinary.decode(ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array())).isNull();
        assertThat(TimestampBinary.decode(ByteBuffer.allocate(8).putLong(Long.MIN_VALUE).array())).isNull();
        assertThat(TimestampBinary.decode("2026-12-03 11:59:01+00".getBytes())).isNull();
        assertThat(TimestampBinary.decode(ByteBuffer.allocate(8).putLong(-1).array()))
                .isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
    }
}
