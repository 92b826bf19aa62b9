package sh.velocity.cli.io;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows under a header, in columns padded to their widest cell, two spaces apart. Cells come from the
 * server, so each is made safe for a terminal first: control characters (an escape sequence could
 * rewrite the screen or the clipboard) are shown escaped, never sent, and a cell longer than the
 * table's limit is cut with an ellipsis ({@code -o json} has the whole value).
 */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final int maxCell;

    private Table(List<String> header, int maxCell) {
        this.header = List.copyOf(header);
        this.maxCell = maxCell;
    }

    /** A table whose cells are cut at {@code maxCell} characters. */
    public static Table of(int maxCell, String... header) {
        return new Table(List.of(header), maxCell);
    }

    public static Table of(int maxCell, List<String> header) {
        return new Table(header, maxCell);
    }

    public Table row(List<String> cells) {
        List<String> safe = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            safe.add(cell(i < cells.size() ? cells.get(i) : "", maxCell));
        }
        rows.add(safe);
        return this;
    }

    public Table row(String... cells) {
        return row(List.of(cells));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(header.get(i));
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], width(r.get(i)));
            }
        }
        out.println(line(header, widths));
        rows.forEach(r -> out.println(line(r, widths)));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(c);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - width(c) + 2));
            }
        }
        return b.toString().stripTrailing();
    }

    /** {@code value} made printable on one line, cut at {@code max} characters (0: never). */
    public static String cell(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        String s = b.toString();
        if (max > 0 && width(s) > max) {
            return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
        }
        return s;
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
