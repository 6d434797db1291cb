package dev.graphileworker.perf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Every figure of every run, by line of the table and by column: a runtime's name, or {@link #PGBENCH}. */
final class Results {

    static final String PGBENCH = "pgbench";

    private final Map<Measure, Map<String, List<Double>>> samples = new LinkedHashMap<>();

    void add(Measure measure, String column, double value) {
        samples.computeIfAbsent(measure, any -> new LinkedHashMap<>())
                .computeIfAbsent(column, any -> new ArrayList<>()).add(value);
    }

    /**
     * @param ours the column of our worker
     * @param original the column of the worker we compare with
     * @return a line per measure with the median of each column's runs, grouped by step in the order
     *     the steps first reported
     */
    List<Row> rows(String ours, String original) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Measure, Map<String, List<Double>>> entry : samples.entrySet()) {
            Map<String, List<Double>> columns = entry.getValue();
            int runs = columns.values().stream().mapToInt(List::size).max().orElse(0);
            rows.add(new Row(entry.getKey(), median(columns.get(ours)), median(columns.get(original)),
                    median(columns.get(PGBENCH)), runs));
        }
        rows.sort(Comparator.comparing(row -> row.measure().step()));
        return rows;
    }

    private static OptionalDouble median(List<Double> values) {
        return values == null || values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(values));
    }

    /**
     * A line of the table.
     *
     * @param measure what it is
     * @param ours our worker's median, if measured
     * @param original the original's median, if measured
     * @param pgbench the raw PostgreSQL figure, on baseline lines
     * @param runs how many runs the medians are of
     */
    record Row(Measure measure, OptionalDouble ours, OptionalDouble original, OptionalDouble pgbench, int runs) {

        /** @return ours divided by the original's, when both were measured */
        OptionalDouble ratio() {
            return ours.isPresent() && original.isPresent() && original.getAsDouble() != 0
                    ? OptionalDouble.of(ours.getAsDouble() / original.getAsDouble()) : OptionalDouble.empty();
        }
    }
}
