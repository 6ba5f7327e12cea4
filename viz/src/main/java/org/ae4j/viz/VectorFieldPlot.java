package org.ae4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D vector field drawn with Java2D (XChart has no arrows): data points, an optional reference
 * curve, and one or more layers of arrows from each origin to origin + scale · vector, written as PNG.
 */
public final class VectorFieldPlot {
    private static final int SIZE = 720;
    private static final int MARGIN = 56;

    /** The plotted square region of the plane. */
    public record View(double xMin, double xMax, double yMin, double yMax) {
        public View {
            if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
                throw new IllegalArgumentException("a view needs finite min < max on both axes");
            }
        }

        /** The square of half-width {@code half} around (cx, cy). */
        public static View around(double cx, double cy, double half) {
            return new View(cx - half, cx + half, cy - half, cy + half);
        }

        /** {@code n x n} evenly spaced points covering the view, row by row: [n², 2]. */
        public double[][] grid(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("a grid needs at least 2 points per side, got " + n);
            }
            double[][] points = new double[n * n][];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    points[i * n + j] = new double[] {xMin + (xMax - xMin) * j / (n - 1),
                            yMin + (yMax - yMin) * i / (n - 1)};
                }
            }
            return points;
        }
    }

    /**
     * Arrows from {@code origins[i]} to {@code origins[i] + scale * vectors[i]}.
     *
     * @param origins [n][2]; @param vectors [n][2]
     */
    public record Arrows(String label, double[][] origins, double[][] vectors, double scale, Color color) {
        public Arrows {
            if (origins.length != vectors.length) {
                throw new IllegalArgumentException("arrows need one vector per origin, got " + origins.length
                        + " and " + vectors.length);
            }
        }

        /** The largest vector length, for choosing a scale. */
        public static double maxLength(double[][] vectors) {
            double max = 0;
            for (double[] v : vectors) {
                max = Math.max(max, Math.hypot(v[0], v[1]));
            }
            return max;
        }
    }

    private VectorFieldPlot() {
    }

    /**
     * @param points data points drawn as light grey dots, [N, 2], or {@code null}
     * @param curve  a reference curve drawn as a line through its rows, [M, 2], or {@code null}
     */
    public static void write(Path file, String title, View view, INDArray points, INDArray curve,
                             List<Arrows> layers) throws IOException {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SIZE, SIZE);
        double plot = SIZE - 2.0 * MARGIN;
        double sx = plot / (view.xMax() - view.xMin());
        double sy = plot / (view.yMax() - view.yMin());
        java.util.function.DoubleUnaryOperator px = x -> MARGIN + (x - view.xMin()) * sx;
        java.util.function.DoubleUnaryOperator py = y -> SIZE - MARGIN - (y - view.yMin()) * sy;
        g.clipRect(MARGIN, MARGIN, (int) plot, (int) plot);

        if (points != null) {
            g.setColor(new Color(170, 170, 200));
            for (double[] p : rows(points)) {
                g.fillOval((int) px.applyAsDouble(p[0]) - 1, (int) py.applyAsDouble(p[1]) - 1, 3, 3);
            }
        }
        if (curve != null) {
            g.setColor(new Color(40, 120, 40));
            g.setStroke(new BasicStroke(1.5f));
            Path2D.Double path = new Path2D.Double();
            double[][] c = rows(curve);
            for (int i = 0; i < c.length; i++) {
                double x = px.applyAsDouble(c[i][0]);
                double y = py.applyAsDouble(c[i][1]);
                if (i == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            g.draw(path);
        }
        g.setStroke(new BasicStroke(1.3f));
        for (Arrows layer : layers) {
            g.setColor(layer.color());
            for (int i = 0; i < layer.origins().length; i++) {
                double[] o = layer.origins()[i];
                double[] v = layer.vectors()[i];
                arrow(g, px.applyAsDouble(o[0]), py.applyAsDouble(o[1]),
                        px.applyAsDouble(o[0] + layer.scale() * v[0]), py.applyAsDouble(o[1] + layer.scale() * v[1]));
            }
        }
        g.setClip(null);
        frame(g, view, layers);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, MARGIN - 24);
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 0.5) {
            g.fillRect((int) x0, (int) y0, 1, 1); // a vanishing vector: a dot marks the grid point
            return;
        }
        g.draw(new Line2D.Double(x0, y0, x1, y1));
        double head = Math.max(6, Math.min(10, 0.45 * len)); // legible on short arrows too
        double angle = Math.atan2(y1 - y0, x1 - x0);
        Path2D.Double tip = new Path2D.Double();
        tip.moveTo(x1, y1);
        tip.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
        tip.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
        tip.closePath();
        g.fill(tip);
    }

    /** Border, five ticks per axis with values, and a legend naming each arrow layer and its scale. */
    private static void frame(Graphics2D g, View view, List<Arrows> layers) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        int plot = SIZE - 2 * MARGIN;
        g.drawRect(MARGIN, MARGIN, plot, plot);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int offset = MARGIN + plot * i / 4;
            double xv = view.xMin() + (view.xMax() - view.xMin()) * i / 4;
            double yv = view.yMax() - (view.yMax() - view.yMin()) * i / 4;
            g.drawLine(offset, SIZE - MARGIN, offset, SIZE - MARGIN + 4);
            g.drawString(String.format("%.2f", xv), offset - 12, SIZE - MARGIN + 17);
            g.drawLine(MARGIN - 4, offset, MARGIN, offset);
            g.drawString(String.format("%.2f", yv), 6, offset + 4);
        }
        int y = SIZE - 14;
        int x = MARGIN;
        for (Arrows layer : layers) {
            g.setColor(layer.color());
            String text = "→ " + layer.label() + (layer.scale() == 1 ? "" : String.format(" (×%.3g)", layer.scale()));
            g.drawString(text, x, y);
            x += g.getFontMetrics().stringWidth(text) + 24;
        }
    }

    private static double[][] rows(INDArray xy) {
        if (xy.rank() != 2 || xy.columns() != 2) {
            throw new IllegalArgumentException("plotted points must be [N, 2], got " + java.util.Arrays.toString(xy.shape()));
        }
        return xy.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
