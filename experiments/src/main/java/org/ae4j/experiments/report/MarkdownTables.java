package org.ae4j.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The Markdown the experiments write next to their metrics ({@code results.md}, {@code denoising.md}) as
 * HTML: pipe tables (a header row, a {@code |---|---:|} rule, body rows; right-aligned where the rule says
 * so) and paragraphs of plain text. Anything else is shown as escaped text.
 */
final class MarkdownTables {
    private MarkdownTables() {
    }

    static String toHtml(String markdown) {
        StringBuilder html = new StringBuilder();
        List<String> lines = markdown.lines().toList();
        List<String> paragraph = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            if (isRow(line) && i + 1 < lines.size() && isRule(lines.get(i + 1).strip())) {
                flush(html, paragraph);
                List<Boolean> right = cells(lines.get(i + 1).strip()).stream().map(c -> c.endsWith(":")).toList();
                html.append("<table>\n");
                row(html, cells(line), right, "th");
                i += 2;
                while (i < lines.size() && isRow(lines.get(i).strip())) {
                    row(html, cells(lines.get(i).strip()), right, "td");
                    i++;
                }
                html.append("</table>\n");
                continue;
            }
            if (line.isEmpty()) {
                flush(html, paragraph);
            } else {
                paragraph.add(line);
            }
            i++;
        }
        flush(html, paragraph);
        return html.toString();
    }

    private static boolean isRow(String line) {
        return line.startsWith("|") && line.endsWith("|") && line.length() > 1;
    }

    private static boolean isRule(String line) {
        return isRow(line) && cells(line).stream().allMatch(c -> c.matches(":?-{3,}:?"));
    }

    /** The cells of {@code | a | b |}; a {@code \|} inside a cell stays a bar. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length() - 1; i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() - 1 && row.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    private static void row(StringBuilder html, List<String> cells, List<Boolean> right, String tag) {
        html.append("<tr>");
        for (int c = 0; c < cells.size(); c++) {
            boolean alignRight = c < right.size() && right.get(c);
            html.append('<').append(tag).append(alignRight ? " style=\"text-align:right\"" : "").append('>')
                    .append(Report.escape(cells.get(c))).append("</").append(tag).append('>');
        }
        html.append("</tr>\n");
    }

    private static void flush(StringBuilder html, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            html.append("<p>").append(Report.escape(String.join(" ", paragraph))).append("</p>\n");
            paragraph.clear();
        }
    }
}
