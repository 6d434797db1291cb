package dev.graphileworker.cli;

import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The options that choose jobs, {@code --state}, {@code --task}, {@code --queue}, {@code --key}, {@code --flag} and {@code --error}. */
final class JobFilterOptions {

    private final CommandSpec spec;
    private final OptionSpec states;
    private final OptionSpec task;
    private final OptionSpec queue;
    private final OptionSpec key;
    private final OptionSpec flag;
    private final OptionSpec error;

    /** Declares the options on the command. */
    JobFilterOptions(CommandSpec spec) {
        this.spec = spec;
        states = OptionSpec.builder("--state").paramLabel("STATE").type(List.class).auxiliaryTypes(String.class)
                .splitRegex(",").description("runnable, scheduled, locked, failed or permanently_failed; "
                        + "repeat it (or separate with commas) for any of several").build();
        task = CommandOptions.option("TASK", String.class, null, "jobs of this task", "--task");
        queue = CommandOptions.option("QUEUE", String.class, null, "jobs of this named queue", "--queue");
        key = CommandOptions.option("KEY", String.class, null, "the job with this job key", "--key");
        flag = CommandOptions.option("FLAG", String.class, null, "jobs carrying this flag", "--flag");
        error = CommandOptions.option("TEXT", String.class, null, "jobs whose last error contains this text "
                + "(ignoring case)", "--error");
        for (OptionSpec option : List.of(states, task, queue, key, flag, error)) {
            spec.addOption(option);
        }
    }

    /** @return the filter given; one that matches every job when none is */
    JobFilter filter() {
        JobFilter filter = JobFilter.all().withStates(states());
        filter = with(filter, task, filter::withTask);
        filter = with(filter, queue, filter::withQueue);
        filter = with(filter, key, filter::withJobKey);
        filter = with(filter, flag, filter::withFlag);
        return with(filter, error, filter::withErrorContaining);
    }

    private static JobFilter with(JobFilter filter, OptionSpec option, Function<String, JobFilter> criterion) {
        String value = option.getValue();
        return value == null ? filter : criterion.apply(value);
    }

    /** @return whether any of the options was given */
    boolean given() {
        return !filter().matchesEverything();
    }

    /** @return the states given, checked */
    Set<JobState> states() {
        List<String> labels = states.getValue();
        Set<JobState> parsed = EnumSet.noneOf(JobState.class);
        if (labels != null) {
            for (String label : labels) {
                try {
                    parsed.add(JobState.parse(label));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
        return parsed;
    }

    /** @return whether only options that history entries have (task, queue, key) were given */
    List<String> givenOutsideHistory() {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : List.of(states, flag, error)) {
            if (option.getValue() != null) {
                names.add(option.longestName());
            }
        }
        return names;
    }

    /** @return the options as given, for messages: {@code --state failed --task send_email} */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (!states().isEmpty()) {
            text.append(" --state ").append(String.join(",", states().stream().map(JobState::label).toList()));
        }
        for (OptionSpec option : List.of(task, queue, key, flag, error)) {
            String value = option.getValue();
            if (value != null) {
                text.append(' ').append(option.longestName()).append(' ').append(quoted(value));
            }
        }
        return text.toString().strip();
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_./:@-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
