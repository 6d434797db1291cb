package dev.graphileworker.cli.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.cli.internal.admin.Table.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellNumbersAlignedRight() {
        Table table = new Table(Column.number("id"), Column.whole("state"), Column.shrinkable("task"))
                .row("7", "runnable", "send_email").row("1234", "failed", null);

        assertThat(table.lines()).containsExactly(
                "  id  state     task",
                "   7  runnable  send_email",
                "1234  failed    -");
    }

    @Test
    void aTableTooWideShortensPayloadsFirstThenErrorsWithAnEllipsis() {
        Table table = new Table(Column.number("id"), Column.shrinkableLast("task"), Column.whole("run_at"),
                Column.shrinkable("payload"), Column.shrinkableNext("last_error"))
                .row("1", "a_rather_long_task_name_indeed", "2030-01-01T09:00:00Z", "{\"to\":\"" + "a".repeat(200) + "\"}",
                        "boom\n\tat somewhere " + "b".repeat(120))
                .row("2", "short", "2030-01-01T09:00:00Z", "{}", "x");

        List<String> lines = table.lines();

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(Table.WIDTH));
        assertThat(lines.get(1)).hasSize(Table.WIDTH).contains("a_rather_long_task_name_indeed", "2030-01-01T09:00:00Z",
                "{\"to...", "boom at somewhere bbb").endsWith("...");
        assertThat(lines.get(1).split("\\.\\.\\.", -1)).hasSize(3);
        assertThat(lines.get(2)).contains("  {}  ").endsWith("x");
    }

    @Test
    void wholeColumnsAreNeverShortenedAndShrinkableOnesKeepTheirHeader() {
        Table table = new Table(Column.whole("a".repeat(60)), Column.shrinkable("payload"))
                .row("b".repeat(60), "c".repeat(100));

        List<String> lines = table.lines(70);

        assertThat(lines.get(1)).startsWith("b".repeat(60) + "  ").endsWith("c...").hasSize(70);
        assertThat(table.lines(40).get(1)).isEqualTo("b".repeat(60) + "  cccc...");
    }

    @Test
    void namesShrinkOnlyWhenPayloadsAndErrorsCannot() {
        Table table = new Table(Column.shrinkableLast("task"), Column.shrinkable("payload"))
                .row("t".repeat(50), "p".repeat(50));

        assertThat(table.lines(60).get(1)).isEqualTo("t".repeat(50) + "  ppppp...");
        assertThat(table.lines(40).get(1)).isEqualTo("t".repeat(28) + "...  pppp...");
    }

    @Test
    void shortenKeepsTextThatFitsAndCutsTheRest() {
        assertThat(Table.shorten("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Table.shorten("abcdefg", 6)).isEqualTo("abc...");
        assertThat(Table.shorten("ab    cdefg", 8)).isEqualTo("ab...");
    }
}
