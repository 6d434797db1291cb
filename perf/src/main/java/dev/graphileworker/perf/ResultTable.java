package dev.graphileworker.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The result lines as a text table for people and as CSV for tools, both headed by the environment. */
final class ResultTable {

    private static final List<String> HEADINGS = List.of("step", "measure", "unit", "better", "ours",
            "graphile-worker 0.18", "ours/0.18", "pgbench", "runs");

    private final Map<String, String> environment;
    private final List<Results.Row> rows;

    ResultTable(Map<String, String> environment, List<Results.Row> rows) {
        this.environment = environment;
        this.rows = rows;
    }

    String text() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADINGS);
        for (Results.Row row : rows) {
            cells.add(List.of(row.measure().step(), row.measure().description(), row.measure().unit(),
                    row.measure().higherIsBetter() ? "higher" : "lower", figure(row.ours(), row.measure()),
                    figure(row.original(), row.measure()), ratio(row.ratio()), figure(row.pgbench(), row.measure()),
                    Integer.toString(row.runs())));
        }
        int[] widths = new int[HEADINGS.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        environment.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        text.append('\n');
        for (int n = 0; n < cells.size(); n++) {
            List<String> line = cells.get(n);
            StringBuilder out = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                // Text to the left, figures to the right.
                String format = i < 4 ? " %-" + widths[i] + "s |" : " %" + widths[i] + "s |";
                out.append(String.format(Locale.ROOT, format, line.get(i)));
            }
            text.append(out).append('\n');
            if (n == 0) {
                text.append(separator(widths)).append('\n');
            }
        }
        return text.toString();
    }

    /** Environment lines start with {@code #}; figures are plain numbers, empty when not measured. */
    String csv() {
        StringBuilder csv = new StringBuilder();
        environment.forEach((key, value) -> csv.append("# ").append(key).append(": ").append(value).append('\n'));
        csv.append(HEADINGS.stream().map(ResultTable::quote).collect(Collectors.joining(","))).append('\n');
        for (Results.Row row : rows) {
            csv.append(String.join(",", quote(row.measure().step()), quote(row.measure().description()),
                    quote(row.measure().unit()), row.measure().higherIsBetter() ? "higher" : "lower",
                    plain(row.ours()), plain(row.original()), plain(row.ratio()), plain(row.pgbench()),
                    Integer.toString(row.runs()))).append('\n');
        }
        return csv.toString();
    }

    private static String separator(int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            line.append(i < 4 ? " " + "-".repeat(widths[i]) + " |" : " " + "-".repeat(widths[i] - 1) + ": |");
        }
        return line.toString();
    }

    private static String figure(OptionalDouble value, Measure measure) {
        if (value.isEmpty()) {
            return "";
        }
        double figure = value.getAsDouble();
        return switch (measure.unit()) {
            case "ms" -> String.format(Locale.ROOT, figure < 10 ? "%.2f" : "%,.0f", figure);
            default -> String.format(Locale.ROOT, "%,.0f", figure);
        };
    }

    private static String ratio(OptionalDouble ratio) {
        return ratio.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", ratio.getAsDouble());
    }

    private static String plain(OptionalDouble value) {
        return value.isEmpty() ? "" : String.format(Locale.ROOT, "%.4f", value.getAsDouble());
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
