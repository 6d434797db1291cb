package dev.graphileworker.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** Declaring the commands' options with picocli's programmatic model, and reading what was given. */
final class CommandOptions {

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

    static Path path(OptionSpec option) {
        return option.getValue();
    }
}
