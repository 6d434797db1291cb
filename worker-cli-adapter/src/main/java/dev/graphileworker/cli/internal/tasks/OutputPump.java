package dev.graphileworker.cli.internal.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads a process's output stream on a thread of its own, line by line, until it ends. Lines longer
 * than {@value #MAX_LINE} characters are passed on in pieces, so a process writing without line breaks
 * cannot exhaust memory.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int MAX_LINE = 8192;

    private final InputStream stream;
    private final Consumer<String> lines;
    private final Map<String, String> context;

    private OutputPump(InputStream stream, Consumer<String> lines, Map<String, String> context) {
        this.stream = stream;
        this.lines = lines;
        this.context = context;
    }

    /**
     * Starts pumping on a daemon thread that carries the caller's MDC, so the lines are logged as the
     * job's.
     *
     * @param name the thread's name
     * @param stream the stream, closed when it ends
     * @param lines receives each line, without its line break
     * @return the started thread, which ends with the stream
     */
    static Thread start(String name, InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(new OutputPump(stream, lines, MDC.getCopyOfContextMap()), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        if (context != null) {
            MDC.setContextMap(context);
        }
        try (Reader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    emit(line);
                } else {
                    line.append((char) c);
                    if (line.length() >= MAX_LINE) {
                        emit(line);
                    }
                }
            }
            if (line.length() > 0) {
                emit(line);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is destroyed; nothing more will come.
            LOG.debug("Stopped reading process output", e);
        } finally {
            MDC.clear();
        }
    }

    private void emit(StringBuilder line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        lines.accept(line.substring(0, end));
        line.setLength(0);
    }
}
