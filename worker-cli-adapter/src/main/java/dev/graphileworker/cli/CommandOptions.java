package dev.graphileworker.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** Declaring the commands' options with picocli's programmatic model, and reading what was given. */
final class CommandOptions {

    private static final Pattern PERIOD = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern PERIOD_PART = Pattern.compile("(\\d+)([smhdw])");

    private CommandOptions() {
    }

    /** The usual {@code -h, --help} and {@code -V, --version}, without picocli's annotated mixin. */
    static void addStandardHelpOptions(CommandSpec command) {
        command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        command.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /**
     * @param label what the value is called in the help, for example {@code N}
     * @param defaultValue the value when the option is not given, or {@code null}
     */
    static OptionSpec option(String label, Class<?> type, String defaultValue, String description, String... names) {
        return OptionSpec.builder(names).paramLabel(label).type(type).defaultValue(defaultValue)
                .description(description).build();
    }

    /** @return an option that may be given more than once; its value is the list of what was given */
    static OptionSpec repeatable(String label, String description, String... names) {
        return OptionSpec.builder(names).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build();
    }

    /** @return every value of a {@link #repeatable} option, in order; empty when it was not given */
    static List<String> texts(OptionSpec option) {
        List<String> values = option.getValue();
        return values == null ? List.of() : values;
    }

    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).initialValue(false).description(description).build();
    }

    /** @return the option, also accepted after a subcommand (add-job), where it sets the same value */
    static OptionSpec shared(OptionSpec option) {
        return option.toBuilder().scopeType(ScopeType.INHERIT).build();
    }

    static boolean isOn(OptionSpec option) {
        return Boolean.TRUE.equals(option.getValue());
    }

    static String text(OptionSpec option) {
        return option.getValue();
    }

    static void ifGiven(OptionSpec option, IntConsumer setter) {
        Integer value = option.getValue();
        if (value != null) {
            setter.accept(value);
        }
    }

    static void ifGivenMillis(OptionSpec option, Consumer<Duration> setter) {
        Long millis = option.getValue();
        if (millis != null) {
            setter.accept(Duration.ofMillis(millis));
        }
    }

    /**
     * A period written as in a crontab's {@code fill=}: quantities and units, {@code 30m}, {@code 12h},
     * {@code 7d}, or combined, {@code 1w2d3h}. Units: s, m, h, d (24 hours), w (7 days).
     *
     * @throws IllegalArgumentException naming the option and the value when it is not such a period
     */
    static Duration period(OptionSpec option) {
        return period(option.longestName(), text(option));
    }

    /**
     * @param optionName the option the period is part of, for the message
     * @param text the period, as {@link #period(OptionSpec)} reads it
     * @throws IllegalArgumentException naming the option and the value when it is not such a period
     */
    static Duration period(String optionName, String text) {
        String phrase = text.trim();
        Matcher part = PERIOD_PART.matcher(phrase);
        if (!PERIOD.matcher(phrase).matches()) {
            throw new IllegalArgumentException(optionName + " must be a period such as 30m, 12h or 7d, was '"
                    + phrase + "'");
        }
        long seconds = 0;
        try {
            while (part.find()) {
                long unit = switch (part.group(2)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    case "d" -> 86_400;
                    default -> 604_800;
                };
                seconds = Math.addExact(seconds, Math.multiplyExact(Long.parseLong(part.group(1)), unit));
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(optionName + " is too long a period: '" + phrase + "'", e);
        }
    }

    static Path path(OptionSpec option) {
        return option.getValue();
    }
}
