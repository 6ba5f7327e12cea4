package org.ae4j.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Grey-scale images in a grid, written as PNG: each row of {@code images} [N, h*w] (values in [0, 1],
 * 0 black) is one image; images fill the grid row by row with a 1-pixel white gutter, each pixel drawn
 * as a {@code scale x scale} block.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    public static void write(Path file, INDArray images, int height, int width, int columns, int scale) throws IOException {
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("images must be [N, " + height * width + "], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        int n = (int) images.rows();
        int rows = (n + columns - 1) / columns;
        int cell = width * scale + 1;
        int cellH = height * scale + 1;
        BufferedImage img = new BufferedImage(columns * cell + 1, rows * cellH + 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        float[] pixels = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int x0 = 1 + (i % columns) * cell;
            int y0 = 1 + (i / columns) * cellH;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    float v = Math.max(0f, Math.min(1f, pixels[i * height * width + r * width + c]));
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /**
     * Maps signed images (e.g. principal components) to [0, 1] for display, each row on its own scale
     * with zero at mid-grey: {@code 0.5 + v / (2 max|v|)}. Shape [N, P] in and out.
     */
    public static INDArray signedToUnit(INDArray images) {
        INDArray out = images.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c');
        for (int i = 0; i < out.rows(); i++) {
            INDArray row = out.getRow(i);
            double max = row.amaxNumber().doubleValue();
            row.divi(max == 0 ? 1 : 2 * max).addi(0.5);
        }
        return out;
    }
}
