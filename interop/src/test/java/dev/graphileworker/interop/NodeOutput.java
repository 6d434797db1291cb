package dev.graphileworker.interop;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a finished Node.js script printed. {@code command} names the script and its arguments, never
 * the database URL (which goes through the environment).
 */
record NodeOutput(String command, int exitCode, String stdout, String stderr) {

    /** @return this, when the script exited with 0; otherwise fails with its output */
    NodeOutput assertSucceeded() {
        if (exitCode != 0) {
            throw new AssertionError(describe("exited with code " + exitCode));
        }
        return this;
    }

    /** @return the lines graphile-worker logged at the given level ("warning", "error", ...) */
    List<String> logLines(String level) {
        String prefix = "[" + level + "]";
        return Arrays.stream(stderr.split("\n")).filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }

    /** @return a description of the run, with its output, for assertion messages */
    String describe(String what) {
        return command + " " + what + "\n--- stderr ---\n" + stderr + "--- stdout ---\n" + stdout;
    }
}
