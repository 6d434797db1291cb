package dev.graphileworker.cli.internal.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aligned table of text that fits a width (by default {@link #WIDTH} columns): columns are as wide
 * as their widest cell, and when the whole is too wide the shrinkable columns give up width, their
 * cells shortened with {@link #ELLIPSIS}, down to their heading's width (at least 6): first those that
 * shrink first (payloads), then those that shrink next (errors), then the rest (names); within each,
 * the widest first. A cell's line breaks
 * and runs of white space become one space; an absent cell ({@code null}) shows as {@code -}.
 */
public final class Table {

    /** The width a table fits by default: a terminal of 100 columns. */
    public static final int WIDTH = 100;

    /** Ends a shortened cell; ASCII, so that it survives any terminal's encoding. */
    public static final String ELLIPSIS = "...";

    private static final String GAP = "  ";
    private static final int MIN_SHRUNK_WIDTH = 6;

    /**
     * A column.
     *
     * @param header its heading
     * @param shrink whether and when its cells may be shortened to fit the width
     * @param rightAligned whether its cells are aligned right (numbers)
     */
    public record Column(String header, Shrink shrink, boolean rightAligned) {

        /** @return a column kept whole, aligned left */
        public static Column whole(String header) {
            return new Column(header, Shrink.NEVER, false);
        }

        /** @return a column of numbers, kept whole, aligned right */
        public static Column number(String header) {
            return new Column(header, Shrink.NEVER, true);
        }

        /** @return a column whose cells are shortened first when the table is too wide (payloads) */
        public static Column shrinkable(String header) {
            return new Column(header, Shrink.FIRST, false);
        }

        /** @return a column whose cells are shortened when those that shrink first cannot shrink further (errors) */
        public static Column shrinkableNext(String header) {
            return new Column(header, Shrink.NEXT, false);
        }

        /** @return a column whose cells are shortened last (names) */
        public static Column shrinkableLast(String header) {
            return new Column(header, Shrink.LAST, false);
        }
    }

    /** When a column gives up width. */
    public enum Shrink {
        /** First, when the table is too wide. */
        FIRST,
        /** When the columns that shrink first are as narrow as they go. */
        NEXT,
        /** When the others are as narrow as they go. */
        LAST,
        /** Never. */
        NEVER
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    /** @param columns the columns, left to right */
    public Table(Column... columns) {
        this.columns = List.of(columns);
    }

    /**
     * @param cells one per column; {@code null} for none
     * @return this table
     */
    public Table row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("A row of " + columns.size() + " cells, not " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(Table::oneLine).toArray(String[]::new));
        return this;
    }

    /** @return whether the table has no rows */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @return the heading and the rows, each at most {@link #WIDTH} columns when the table can shrink that far */
    public List<String> lines() {
        return lines(WIDTH);
    }

    /**
     * @param width the most columns a line may take
     * @return the heading and the rows, each at most {@code width} columns when the table can shrink that far
     */
    public List<String> lines(int width) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).header().length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        shrink(widths, width);
        List<String> lines = new ArrayList<>();
        lines.add(line(columns.stream().map(Column::header).toArray(String[]::new), widths));
        for (String[] row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    /** @return the table as text, one line each, each ending with a line break */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        lines().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private void shrink(int[] widths, int width) {
        int total = Arrays.stream(widths).sum() + GAP.length() * (widths.length - 1);
        for (Shrink turn : List.of(Shrink.FIRST, Shrink.NEXT, Shrink.LAST)) {
            while (total > width) {
                int widest = -1;
                for (int i = 0; i < widths.length; i++) {
                    if (columns.get(i).shrink() == turn && widths[i] > minimum(i)
                            && (widest < 0 || widths[i] > widths[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                widths[widest]--;
                total--;
            }
        }
    }

    private int minimum(int column) {
        return Math.max(MIN_SHRUNK_WIDTH, columns.get(column).header().length());
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            String cell = shorten(cells[i], widths[i]);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(columns.get(i).rightAligned() ? padding + cell : cell + padding);
        }
        return line.toString().stripTrailing();
    }

    /**
     * @param text some text
     * @param width the most characters it may take, at least the ellipsis' length
     * @return the text, ending with {@link #ELLIPSIS} when it had to be cut
     */
    public static String shorten(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return text.substring(0, Math.max(0, width - ELLIPSIS.length())).stripTrailing() + ELLIPSIS;
    }

    private static String oneLine(String cell) {
        return cell == null ? "-" : cell.strip().replaceAll("\\s+", " ");
    }
}
