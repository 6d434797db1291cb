package dev.graphileworker.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobKeyMode;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.CronJob;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrontabTest {

    @Test
    void lineWithScheduleTaskOptionsAndPayloadBecomesAnItem() {
        CronItem item = single("30 4 * * 1 send_weekly_email ?fill=2d&max=10 {onboarding:false}");

        assertThat(item.identifier()).isEqualTo("send_weekly_email");
        assertThat(item.task()).isEqualTo("send_weekly_email");
        assertThat(item.schedule()).hasToString("30 4 * * 1");
        assertThat(item.backfillPeriod()).isEqualTo(Duration.ofDays(2));
        assertThat(item.jobOptions()).isEqualTo(AddJobOptions.defaults().withMaxAttempts(10));
        assertThat(item.payload().toString()).isEqualTo("{\"onboarding\":false}");
    }

    @Test
    void commentsBlankLinesIndentationAndAnyLineBreakAreAccepted() {
        Crontab crontab = Crontab.parse("# nightly jobs\r\n\n   \t\n  0 3 * * * rollup  \r\n# end\n* * * * * tick");

        assertThat(crontab.items()).extracting(CronItem::identifier).containsExactly("rollup", "tick");
    }

    @Test
    void emptyTextIsAnEmptyCrontab() {
        assertThat(Crontab.parse("").isEmpty()).isTrue();
        assertThat(Crontab.parse("# nothing yet\n\n").items()).isEmpty();
    }

    @Test
    void lineWithoutOptionsOrPayloadHasDefaultsAndAnEmptyPayload() {
        CronItem item = single("* * * * * tick");

        assertThat(item.backfillPeriod()).isZero();
        assertThat(item.jobOptions()).isEqualTo(AddJobOptions.defaults());
        assertThat(item.payload().isEmpty()).isTrue();
    }

    @Test
    void taskIdentifiersMayHoldColonsSlashesHyphensAndUnderscores() {
        assertThat(single("* * * * * _mail:send/weekly-digest").task()).isEqualTo("_mail:send/weekly-digest");
    }

    @Test
    void idOptionGivesTheItemItsOwnIdentifierSoOneTaskCanHaveSeveralSchedules() {
        Crontab crontab = Crontab.parse("0 9 * * 1-5 report ?id=weekday_report\n0 12 * * 0,6 report ?id=weekend-report");

        assertThat(crontab.items()).extracting(CronItem::identifier).containsExactly("weekday_report", "weekend-report");
        assertThat(crontab.items()).extracting(CronItem::task).containsExactly("report", "report");
    }

    @Test
    void everyJobOptionReachesTheItemsJobOptions() {
        CronItem item = single("* * * * * sync ?queue=sync:eu-1&priority=-5&max=3&jobKey=sync%20all%2Fnow"
                + "&jobKeyMode=preserve_run_at");

        assertThat(item.jobOptions()).isEqualTo(AddJobOptions.defaults().withQueueName("sync:eu-1").withPriority(-5)
                .withMaxAttempts(3).withJobKey("sync all/now").withJobKeyMode(JobKeyMode.PRESERVE_RUN_AT));
    }

    @Test
    void jobKeyWithoutModeReplaces() {
        assertThat(single("* * * * * sync ?jobKey=sync").jobOptions().jobKeyMode()).isEqualTo(JobKeyMode.REPLACE);
    }

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "15m, PT15M",
        "4h, PT4H",
        "2d, PT48H",
        "1w, PT168H",
        "1w2d3h4m5s, PT219H4M5S",
        "90m, PT1H30M",
        "0m, PT0S"
    })
    void fillTakesTimePhrasesAloneAndCombined(String phrase, Duration expected) {
        assertThat(single("* * * * * tick ?fill=" + phrase).backfillPeriod()).isEqualTo(expected);
    }

    @Test
    void emptyOptionsAndEmptyOptionPairsAreIgnored() {
        assertThat(single("* * * * * tick ?").jobOptions()).isEqualTo(AddJobOptions.defaults());
        assertThat(single("* * * * * tick ?&max=2&").jobOptions()).isEqualTo(AddJobOptions.defaults().withMaxAttempts(2));
    }

    @Test
    void payloadAcceptsJson5UnquotedNamesSingleQuotesTrailingCommasAndComments() {
        CronItem item = single("0 0 * * * greet ?max=1 {name: 'Ada', 'tags': [\"a\", 'b',], nested: {n: +1, x: .5,},"
                + " /* why */ }");

        assertThat(item.payload().toString())
                .isEqualTo("{\"name\":\"Ada\",\"tags\":[\"a\",\"b\"],\"nested\":{\"n\":1,\"x\":0.5}}");
    }

    @Test
    void payloadMayFollowTheTaskWithoutOptions() {
        assertThat(single("0 0 * * * greet {name: \"Bobby Tables\"}").payload().get("name").asText())
                .isEqualTo("Bobby Tables");
    }

    @Test
    void jobOfATickCarriesThePayloadWithCronTimestampAndRunsAtTheTick() {
        CronItem item = single("30 4 * * 1 greet ?queue=mail {name: 'Ada', _cron: 'overwritten'}");
        Instant tick = Instant.parse("2024-01-01T04:30:00Z");

        CronJob job = item.jobAt(tick, true);

        assertThat(job.identifier()).isEqualTo("greet");
        assertThat(job.task()).isEqualTo("greet");
        assertThat(job.payload().toString())
                .isEqualTo("{\"name\":\"Ada\",\"_cron\":{\"ts\":\"2024-01-01T04:30:00.000Z\",\"backfilled\":true}}");
        assertThat(job.options()).isEqualTo(AddJobOptions.defaults().withQueueName("mail").withRunAt(tick));
        assertThat(item.jobAt(tick, false).payload().get("_cron").get("backfilled").asBoolean()).isFalse();
    }

    @Test
    void itemsPayloadCannotBeChangedFromOutside() {
        CronItem item = single("* * * * * greet {name: 'Ada'}");
        ObjectNode payload = item.payload();
        payload.put("name", "Mallory");
        item.jobAt(Instant.EPOCH, false).payload().put("name", "Eve");

        assertThat(item.payload().get("name").asText()).isEqualTo("Ada");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        * * * * tick                              | expected five time fields (minute hour day-of-month month day-of-week) and a task identifier, found '* * * * tick'
        61 * * * * tick                           | minute field '61' is out of range 0-59
        * 24 * * * tick                           | hour field '24' is out of range 0-23
        * * 0 * * tick                            | day-of-month field '0' is out of range 1-31
        * * * 13 * tick                           | month field '13' is out of range 1-12
        * * * * 8 tick                            | day-of-week field '8' is out of range 0-7
        1,99999999999 * * * * tick                | minute field '99999999999' is out of range 0-59
        50-61 * * * * tick                        | minute field '50-61' is out of range 0-59
        * 5-3 * * * tick                          | hour field '5-3' is a range that runs backwards; write the smaller number first
        */0 * * * * tick                          | minute field '*/0' has a step of 0; the step must be at least 1
        * * * JAN * tick                          | month field 'JAN' is not understood: 'JAN' is not a number, a range (a-b), a step (*/n or a-b/n) or *
        1,,2 * * * * tick                         | minute field '1,,2' is not understood: '' is not a number, a range (a-b), a step (*/n or a-b/n) or *
        * * * * * 9lives                          | task identifier '9lives' is not valid: it must start with a letter or underscore and hold only letters, digits, '_', '-', ':' and '/'
        * * * * * tick ?every=2                   | unknown option 'every'; the options are id, fill, max, queue, jobKey, jobKeyMode, priority, tz
        * * * * * tick ?max=2&max=3               | option 'max' is given more than once
        * * * * * tick ?fill=2x                   | option 'fill' value '2x' is not a time phrase such as 30m, 4h, 2d or 1w2d3h4m5s
        * * * * * tick ?fill=h                    | option 'fill' value 'h' is not a time phrase such as 30m, 4h, 2d or 1w2d3h4m5s
        * * * * * tick ?fill=99999999999999999999w | option 'fill' value '99999999999999999999w' is too long a period
        * * * * * tick ?max=0                     | option 'max' value '0' is not a whole number from 1 to 32767
        * * * * * tick ?max=abc                   | option 'max' value 'abc' is not a whole number from 1 to 32767
        * * * * * tick ?max=40000                 | option 'max' value '40000' is not a whole number from 1 to 32767
        * * * * * tick ?priority=1.5              | option 'priority' value '1.5' is not a whole number from -32768 to 32767
        * * * * * tick ?queue=a%20b               | option 'queue' value 'a b' may hold only letters, digits, '-', '_' and ':'
        * * * * * tick ?id=1st                    | option 'id' value '1st' must start with a letter or underscore and hold only letters, digits, '-' and '_'
        * * * * * tick ?jobKeyMode=unsafe_dedupe  | option 'jobKeyMode' value 'unsafe_dedupe' must be replace or preserve_run_at
        * * * * * tick ?jobKey                    | option 'jobKey' needs a value
        * * * * * tick ?jobKey=%zz                | options hold a malformed %-escape in '%zz'
        * * * * * tick max=3                      | unexpected 'max=3' after the task identifier: expected ?options (such as ?fill=1h&max=3) and then a {payload}
        * * * * * tick ?max=3 [1]                 | unexpected '[1]' after the task identifier: expected ?options (such as ?fill=1h&max=3) and then a {payload}
        """)
    void badLineIsReportedWithItsNumberAndWhatIsWrong(String line, String reason) {
        String crontab = "# header\n\n0 0 * * * fine ?id=first\n" + line;

        assertThatThrownBy(() -> Crontab.parse(crontab))
                .isInstanceOf(CrontabException.class)
                .isInstanceOf(WorkerException.class)
                .hasMessage("crontab line 4: " + reason)
                .satisfies(e -> {
                    assertThat(((CrontabException) e).lineNumber()).isEqualTo(4);
                    assertThat(((CrontabException) e).reason()).isEqualTo(reason);
                });
    }

    @Test
    void payloadThatIsNotJson5IsReportedWithTheColumnOfTheProblem() {
        assertThatThrownBy(() -> Crontab.parse("* * * * * tick\n* * * * * tock {name: }"))
                .isInstanceOf(CrontabException.class)
                .hasMessageStartingWith("crontab line 2: payload is not valid JSON5: Unexpected character ('}'")
                .hasMessageEndingWith("(at column 8 of the payload)");
    }

    @Test
    void payloadWithMoreAfterItsClosingBraceIsRefused() {
        assertThatThrownBy(() -> Crontab.parse("* * * * * tick {a: 1} {b: 2}"))
                .isInstanceOf(CrontabException.class)
                .hasMessage("crontab line 1: payload has more after its closing brace, from column 8 of the payload");
    }

    @Test
    void duplicateIdentifierNamesBothLines() {
        assertThatThrownBy(() -> Crontab.parse("0 * * * * report\n# hourly and daily\n0 0 * * * report ?fill=1d"))
                .isInstanceOf(CrontabException.class)
                .hasMessage("crontab line 3: identifier 'report' is already used on line 1; give one of them its own "
                        + "with ?id=...");
    }

    @Test
    void explicitIdClashingWithATaskNameIsADuplicateToo() {
        assertThatThrownBy(() -> Crontab.parse("0 * * * * report\n0 0 * * * daily ?id=report"))
                .hasMessageStartingWith("crontab line 2: identifier 'report' is already used on line 1");
    }

    private static CronItem single(String line) {
        Crontab crontab = Crontab.parse(line);
        assertThat(crontab.items()).hasSize(1);
        return crontab.items().get(0);
    }

    @Test
    void aLineMayNameItsTimeZoneAndOthersTakeTheCrontabsDefault() {
        Crontab crontab = Crontab.parse("30 2 * * * a ?tz=Europe/Paris\n30 2 * * * b\n30 2 * * * c ?tz=UTC",
                java.time.ZoneId.of("America/New_York"));

        assertThat(crontab.items()).extracting(item -> item.schedule().zone().getId())
                .containsExactly("Europe/Paris", "America/New_York", "Z");
        assertThat(Crontab.parse("30 2 * * * d").items().get(0).schedule().zone()).isEqualTo(java.time.ZoneOffset.UTC);
    }

    @Test
    void anUnknownTimeZoneIsRefusedWithItsLine() {
        assertThatThrownBy(() -> Crontab.parse("# nightly\n0 4 * * * a ?tz=Mars/Olympus_Mons"))
                .isInstanceOf(CrontabException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("option 'tz' value 'Mars/Olympus_Mons' is not a time zone");
    }
}
