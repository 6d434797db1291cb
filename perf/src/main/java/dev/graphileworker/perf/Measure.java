package dev.graphileworker.perf;

/**
 * One line of the result table.
 *
 * @param step the step it belongs to, such as {@code (2) throughput}; rows are grouped by it
 * @param description what was measured, with the configuration
 * @param unit jobs/s, ms or MB
 * @param higherIsBetter whether a bigger figure is the better one
 */
record Measure(String step, String description, String unit, boolean higherIsBetter) {

    static Measure higherIsBetter(String step, String description, String unit) {
        return new Measure(step, description, unit, true);
    }

    static Measure lowerIsBetter(String step, String description, String unit) {
        return new Measure(step, description, unit, false);
    }
}
