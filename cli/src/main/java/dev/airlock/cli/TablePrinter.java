package dev.airlock.cli;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as a plain text table, cutting long cells so rows stay on one line. */
final class TablePrinter {
    static final int MAX_CELL = 40;

    private TablePrinter() {
    }

    static String render(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = cut(columns.get(i)).length();
        }
        for (List<String> row : rows) {
            List<String> cut = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String cell = cut(i < row.size() ? row.get(i) : "");
                widths[i] = Math.max(widths[i], cell.length());
                cut.add(cell);
            }
            cells.add(cut);
        }
        StringBuilder out = new StringBuilder();
        line(out, columns.stream().map(TablePrinter::cut).toList(), widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        cells.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append("  ");
            }
            String cell = cells.get(i);
            out.append(cell);
            if (i < cells.size() - 1) {
                out.append(" ".repeat(widths[i] - cell.length()));
            }
        }
        out.append('\n');
    }

    private static String cut(String value) {
        String oneLine = value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL - 1) + "…";
    }
}
