package dev.graphileworker.cli.internal.tasks;

/** The last few kilobytes of a process's output, for its failure message. Thread-safe. */
final class OutputTail {

    private final int capacity;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    /** @param capacity how many characters to keep */
    OutputTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        text.append(line).append('\n');
        int excess = text.length() - capacity;
        if (excess > 0) {
            text.delete(0, excess);
            truncated = true;
        }
    }

    /** @return the kept text without its final line break, starting with "..." when older text was dropped */
    synchronized String text() {
        String kept = text.toString().stripTrailing();
        return truncated ? "..." + kept : kept;
    }
}
