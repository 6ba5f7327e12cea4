package org.ae4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.ae4j.graph.data.SmallGraph;

/**
 * Small graphs drawn side by side as PNG (Java2D): a deterministic force-directed layout per graph (nodes
 * start on a circle, then 200 Fruchterman-Reingold steps with a pull toward the centre), node colour and optional label by node type,
 * and 1, 2 or 3 parallel strokes for edge types 0, 1, 2 (single, double, triple bonds).
 */
public final class GraphGrid {
    private static final int CELL = 160;
    private static final int COLUMNS = 6;
    private static final Color[] PALETTE = {new Color(90, 90, 90), new Color(40, 90, 200), new Color(200, 40, 40),
            new Color(40, 150, 60), new Color(230, 140, 20), new Color(140, 60, 170), new Color(20, 160, 170),
            new Color(170, 120, 60)};

    private GraphGrid() {
    }

    /** Unlabelled nodes. */
    public static void write(Path file, String title, List<SmallGraph> graphs) throws IOException {
        write(file, title, graphs, t -> "");
    }

    /** @param typeName the label drawn on a node of each type (e.g. an element symbol) */
    public static void write(Path file, String title, List<SmallGraph> graphs, IntFunction<String> typeName)
            throws IOException {
        write(file, title, graphs, typeName, t -> PALETTE[t % PALETTE.length]);
    }

    /** @param typeColor the fill of a node of each type (e.g. CPK colours for elements) */
    public static void write(Path file, String title, List<SmallGraph> graphs, IntFunction<String> typeName,
                             IntFunction<Color> typeColor) throws IOException {
        int rows = Math.max(1, (graphs.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image = new BufferedImage(COLUMNS * CELL, rows * CELL + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (int i = 0; i < graphs.size(); i++) {
            draw(g, graphs.get(i), (i % COLUMNS) * CELL, 30 + (i / COLUMNS) * CELL, typeName, typeColor);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, SmallGraph graph, int x0, int y0, IntFunction<String> typeName,
                             IntFunction<Color> typeColor) {
        double[][] p = layout(graph);
        double margin = 22;
        double scale = CELL - 2 * margin;
        int n = graph.nodes();
        int[] px = new int[n];
        int[] py = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (int) Math.round(x0 + margin + p[i][0] * scale);
            py[i] = (int) Math.round(y0 + margin + p[i][1] * scale);
        }
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(1.6f));
        for (int e = 0; e < graph.edges().length; e++) {
            int a = graph.edges()[e][0];
            int b = graph.edges()[e][1];
            int strokes = Math.min(3, graph.edgeTypes()[e] + 1);
            double dx = px[b] - px[a];
            double dy = py[b] - py[a];
            double length = Math.max(1e-9, Math.hypot(dx, dy));
            double ox = -dy / length * 3.5;
            double oy = dx / length * 3.5;
            for (int s = 0; s < strokes; s++) {
                double shift = s - (strokes - 1) / 2.0;
                g.drawLine((int) Math.round(px[a] + shift * ox), (int) Math.round(py[a] + shift * oy),
                        (int) Math.round(px[b] + shift * ox), (int) Math.round(py[b] + shift * oy));
            }
        }
        for (int i = 0; i < n; i++) {
            int t = graph.nodeTypes()[i];
            g.setColor(typeColor.apply(t));
            g.fillOval(px[i] - 8, py[i] - 8, 16, 16);
            String label = typeName.apply(t);
            if (!label.isEmpty()) {
                g.setColor(Color.WHITE);
                g.drawString(label, px[i] - g.getFontMetrics().stringWidth(label) / 2, py[i] + 4);
            }
        }
    }

    /** Node positions in [0, 1]² (Fruchterman &amp; Reingold 1991), deterministic. */
    static double[][] layout(SmallGraph graph) {
        int n = graph.nodes();
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = 0.5 + 0.4 * Math.cos(2 * Math.PI * i / n);
            p[i][1] = 0.5 + 0.4 * Math.sin(2 * Math.PI * i / n);
        }
        if (n == 1) {
            return new double[][] {{0.5, 0.5}};
        }
        double k = Math.sqrt(1.0 / n);
        for (int it = 0; it < 200; it++) {
            double temperature = 0.1 * (1 - it / 200.0);
            double[][] d = new double[n][2];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        double dx = p[i][0] - p[j][0];
                        double dy = p[i][1] - p[j][1];
                        double dist = Math.max(1e-4, Math.hypot(dx, dy));
                        double repulse = k * k / dist;
                        d[i][0] += dx / dist * repulse;
                        d[i][1] += dy / dist * repulse;
                    }
                }
            }
            for (int[] e : graph.edges()) {
                double dx = p[e[0]][0] - p[e[1]][0];
                double dy = p[e[0]][1] - p[e[1]][1];
                double dist = Math.max(1e-4, Math.hypot(dx, dy));
                double attract = dist * dist / k;
                d[e[0]][0] -= dx / dist * attract;
                d[e[0]][1] -= dy / dist * attract;
                d[e[1]][0] += dx / dist * attract;
                d[e[1]][1] += dy / dist * attract;
            }
            for (int i = 0; i < n; i++) {
                // Gravity toward the centre keeps separate components (and isolated nodes) from drifting apart.
                d[i][0] += (0.5 - p[i][0]) * 2;
                d[i][1] += (0.5 - p[i][1]) * 2;
                double length = Math.max(1e-9, Math.hypot(d[i][0], d[i][1]));
                p[i][0] += d[i][0] / length * Math.min(length, temperature);
                p[i][1] += d[i][1] / length * Math.min(length, temperature);
            }
        }
        // Fit into the unit square, keeping the aspect ratio.
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] q : p) {
            minX = Math.min(minX, q[0]);
            maxX = Math.max(maxX, q[0]);
            minY = Math.min(minY, q[1]);
            maxY = Math.max(maxY, q[1]);
        }
        double span = Math.max(1e-9, Math.max(maxX - minX, maxY - minY));
        for (double[] q : p) {
            q[0] = (q[0] - minX) / span + (1 - (maxX - minX) / span) / 2;
            q[1] = (q[1] - minY) / span + (1 - (maxY - minY) / span) / 2;
        }
        return p;
    }
}
