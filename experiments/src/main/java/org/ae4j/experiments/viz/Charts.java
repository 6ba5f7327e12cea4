package org.ae4j.experiments.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.train.EpochResult;
import org.ae4j.core.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

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
}
