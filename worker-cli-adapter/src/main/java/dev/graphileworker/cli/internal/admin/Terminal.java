package dev.graphileworker.cli.internal.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/** Standard input, as far as asking the operator a question goes. */
public interface Terminal {

    /**
     * Set by {@code bin/graphile-worker} to whether standard input is a terminal ({@code test -t 0}):
     * Java 17 only tells whether standard input and output both are.
     */
    String STDIN_IS_TERMINAL_PROPERTY = "graphile-worker.stdinIsTerminal";

    /** @return whether standard input is a terminal, so that someone can answer a question */
    boolean stdinIsTerminal();

    /** @return the next line of standard input, or {@code null} at its end */
    String readLine();

    /** @return the process's standard input */
    static Terminal system() {
        return new Terminal() {
            private BufferedReader reader;

            @Override
            public boolean stdinIsTerminal() {
                String fromLauncher = System.getProperty(STDIN_IS_TERMINAL_PROPERTY);
                return fromLauncher != null ? Boolean.parseBoolean(fromLauncher) : System.console() != null;
            }

            @Override
            public String readLine() {
                try {
                    if (reader == null) {
                        reader = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                    }
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
