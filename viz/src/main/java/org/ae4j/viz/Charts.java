package org.ae4j.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.train.EpochResult;
import org.ae4j.core.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Figures drawn with XChart. */
public final class Charts {
    private Charts() {
    }

    /** One line per loss term and split (train, held-out) over epochs, written as PNG. */
    public static void trainingCurves(History history, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss per example").build();
        List<EpochResult> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
        for (String term : epochs.get(0).train().keySet()) {
            chart.addSeries("train " + term, x, epochs.stream().mapToDouble(e -> e.train().get(term)).toArray())
                    .setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries("held-out " + term, x, epochs.stream().mapToDouble(e -> e.valid().get(term)).toArray())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Named curves y(x) on shared axes, e.g. metrics against training iterations; optionally log-scaled. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' needs equal, non-zero lengths, got "
                        + x.length + " and " + y.length);
            }
        }
    }

    public static void lines(List<Series> series, String title, String xTitle, String yTitle, boolean logX,
                             boolean logY, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), logY ? positive(s.y()) : s.y()).setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Grouped bars: for each category on the x axis one bar per named series (each series holds one value
     * per category), e.g. AUC and AP per model.
     */
    public static void bars(List<String> categories, java.util.Map<String, double[]> series, String title,
                            String yTitle, Path file) throws IOException {
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(900).height(480)
                .title(title).yAxisTitle(yTitle).build();
        for (var s : series.entrySet()) {
            if (s.getValue().length != categories.size()) {
                throw new IllegalArgumentException("series '" + s.getKey() + "' has " + s.getValue().length
                        + " values for " + categories.size() + " categories");
            }
            chart.addSeries(s.getKey(), categories, java.util.Arrays.stream(s.getValue()).boxed().toList());
        }
        chart.getStyler().setXAxisLabelRotation(12).setChartBackgroundColor(java.awt.Color.WHITE)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Point clouds y against x, one colour per series, with the line y = x drawn across their range
     * when {@code identityLine} is set (for "estimate against truth" plots).
     */
    public static void scatter(List<Series> series, String title, String xTitle, String yTitle,
                               boolean identityLine, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(640).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(3).setChartBackgroundColor(java.awt.Color.WHITE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            for (double v : s.x()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (identityLine) {
            chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi})
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                    .setLineColor(java.awt.Color.BLACK);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Log axes cannot show zeros: clamp to the smallest positive double that still plots. */
    private static double[] positive(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-12);
        }
        return out;
    }

    /**
     * 2-D points coloured by integer label (e.g. digit class), one series per label, written as PNG.
     *
     * @param points [N, 2]; @param labels one per row
     */
    public static void scatterByLabel(INDArray points, int[] labels, String title, String xTitle, String yTitle,
                                      Path file) throws IOException {
        if (points.rank() != 2 || points.columns() != 2 || points.rows() != labels.length) {
            throw new IllegalArgumentException("need [N, 2] points and N labels, got "
                    + java.util.Arrays.toString(points.shape()) + " and " + labels.length);
        }
        XYChart chart = new XYChartBuilder().width(720).height(640).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(3)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        double[][] xy = points.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        java.util.TreeSet<Integer> distinct = new java.util.TreeSet<>();
        for (int l : labels) {
            distinct.add(l);
        }
        for (int label : distinct) {
            int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
            chart.addSeries(String.valueOf(label),
                    java.util.Arrays.stream(rows).mapToDouble(i -> xy[i][0]).toArray(),
                    java.util.Arrays.stream(rows).mapToDouble(i -> xy[i][1]).toArray());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
