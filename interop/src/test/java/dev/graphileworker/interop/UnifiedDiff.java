package dev.graphileworker.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff in the unified format ({@code ---}/{@code +++} headers, {@code @@} hunks with three
 * lines of context), for readable assertion messages. Longest common subsequence: quadratic, which
 * is fine for schema dumps of a few hundred lines.
 */
final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** @return the diff from {@code left} to {@code right}; empty when they are equal */
    static String between(String leftName, List<String> left, String rightName, List<String> right) {
        List<Edit> edits = edits(left, right);
        if (edits.stream().allMatch(edit -> edit.kind == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(leftName).append("\n+++ ").append(rightName).append('\n');
        int index = 0;
        while (index < edits.size()) {
            int change = nextChange(edits, index);
            if (change < 0) {
                break;
            }
            int start = Math.max(index, change - CONTEXT);
            int end = hunkEnd(edits, change);
            appendHunk(out, edits.subList(start, end));
            index = end;
        }
        return out.toString();
    }

    private record Edit(char kind, String line, int leftLine, int rightLine) {
    }

    private static List<Edit> edits(List<String> left, List<String> right) {
        int[][] common = new int[left.size() + 1][right.size() + 1];
        for (int i = left.size() - 1; i >= 0; i--) {
            for (int j = right.size() - 1; j >= 0; j--) {
                common[i][j] = left.get(i).equals(right.get(j))
                        ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i < left.size() && j < right.size() && left.get(i).equals(right.get(j))) {
                edits.add(new Edit(' ', left.get(i), ++i, ++j));
            } else if (i < left.size() && (j == right.size() || common[i + 1][j] >= common[i][j + 1])) {
                edits.add(new Edit('-', left.get(i), ++i, j));
            } else {
                edits.add(new Edit('+', right.get(j), i, ++j));
            }
        }
        return edits;
    }

    private static int nextChange(List<Edit> edits, int from) {
        for (int k = from; k < edits.size(); k++) {
            if (edits.get(k).kind != ' ') {
                return k;
            }
        }
        return -1;
    }

    /** A hunk goes on while changes are at most 2 * CONTEXT unchanged lines apart. */
    private static int hunkEnd(List<Edit> edits, int change) {
        int lastChange = change;
        for (int k = change + 1; k < edits.size() && k - lastChange <= 2 * CONTEXT; k++) {
            if (edits.get(k).kind != ' ') {
                lastChange = k;
            }
        }
        return Math.min(edits.size(), lastChange + 1 + CONTEXT);
    }

    private static void appendHunk(StringBuilder out, List<Edit> hunk) {
        // A side with no lines in the hunk is numbered by the line before it, as diff -u does.
        int leftStart = hunk.get(0).leftLine;
        int rightStart = hunk.get(0).rightLine;
        long leftCount = hunk.stream().filter(edit -> edit.kind != '+').count();
        long rightCount = hunk.stream().filter(edit -> edit.kind != '-').count();
        for (Edit edit : hunk) {
            if (edit.kind != '+') {
                leftStart = edit.leftLine;
                break;
            }
        }
        for (Edit edit : hunk) {
            if (edit.kind != '-') {
                rightStart = edit.rightLine;
                break;
            }
        }
        out.append("@@ -").append(leftStart).append(',').append(leftCount)
                .append(" +").append(rightStart).append(',').append(rightCount).append(" @@\n");
        hunk.forEach(edit -> out.append(edit.kind).append(edit.line).append('\n'));
    }
}
