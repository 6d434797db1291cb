package dev.graphileworker.dashboard.internal;

import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.dashboard.BadRequestException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A job filter as parameters name it, the same in the jobs page's address and in an action's form:
 * {@code state} (repeated or comma-separated), {@code task}, {@code queue}, {@code key}, {@code flag},
 * {@code error}.
 *
 * @param filter the filter
 * @param states the states asked for, empty for all
 * @param parameters the parameters given, normalised (states by label), in the order links write them
 */
record FilterParameters(JobFilter filter, Set<JobState> states, Map<String, List<String>> parameters) {

    /** The filter's parameters, in the order links write them. */
    static final List<String> NAMES = List.of("state", "task", "queue", "key", "flag", "error");

    /**
     * @param values a parameter's values by its name
     * @return the filter they describe
     * @throws BadRequestException naming a bad parameter
     */
    static FilterParameters parse(Function<String, List<String>> values) {
        Set<JobState> states = states(values.apply("state"));
        JobFilter filter = JobFilter.all().withStates(states);
        Map<String, List<String>> given = new LinkedHashMap<>();
        if (!states.isEmpty()) {
            given.put("state", states.stream().map(JobState::label).toList());
        }
        for (String name : NAMES.subList(1, NAMES.size())) {
            String value = single(values, name);
            if (value.isEmpty()) {
                continue;
            }
            given.put(name, List.of(value));
            filter = switch (name) {
                case "task" -> filter.withTask(value);
                case "queue" -> filter.withQueue(value);
                case "key" -> filter.withJobKey(value);
                case "flag" -> filter.withFlag(value);
                default -> filter.withErrorContaining(value);
            };
        }
        return new FilterParameters(filter, states, given);
    }

    /**
     * @param values a parameter's values by its name
     * @param name the parameter
     * @return its one value, trimmed; empty when absent
     * @throws BadRequestException when it is given more than once
     */
    static String single(Function<String, List<String>> values, String name) {
        List<String> given = values.apply(name);
        if (given.size() > 1) {
            throw new BadRequestException("Give '" + name + "' once, not " + given.size() + " times");
        }
        return given.isEmpty() ? "" : given.get(0).trim();
    }

    /** @return the value of a parameter that takes one, empty when not given */
    String value(String name) {
        return parameters.getOrDefault(name, List.of()).stream().findFirst().orElse("");
    }

    private static Set<JobState> states(List<String> values) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (String value : values) {
            for (String label : value.split(",")) {
                if (!label.isBlank()) {
                    try {
                        states.add(JobState.parse(label));
                    } catch (IllegalArgumentException unknown) {
                        throw new BadRequestException(unknown.getMessage());
                    }
                }
            }
        }
        return states;
    }
}
