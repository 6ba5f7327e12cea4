package org.ae4j.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Figures and text into the notebook from a cell: in the {@link Ae4jKernel} they become the cell's display
 * output; in plain JShell (scripts/jshell) the figure's path or the text is printed instead.
 */
public final class Show {
    private static volatile Consumer<DisplayData> sink;

    private Show() {
    }

    static void sink(Consumer<DisplayData> kernel) {
        sink = kernel;
    }

    /** A fresh path for a figure named {@code name}, in a temporary folder of this session. */
    public static Path figure(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ae4j-notebook-" + ProcessHandle.current().pid()))
                    .resolve(name + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for figures", e);
        }
    }

    /** Shows the PNG file {@code png} (as written by the {@code org.ae4j.viz} charts and grids). */
    public static void png(Path png) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read figure " + png, e);
        }
        if (bytes.length < 8 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G') {
            throw new IllegalArgumentException(png + " is not a PNG file");
        }
        Consumer<DisplayData> kernel = sink;
        if (kernel == null) {
            System.out.println("figure: " + png.toAbsolutePath());
            return;
        }
        DisplayData data = new DisplayData("figure " + png.getFileName());
        data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(bytes));
        kernel.accept(data);
    }

    /** Shows Markdown (e.g. a table of numbers); plain JShell prints it as it is. */
    public static void markdown(String markdown) {
        Consumer<DisplayData> kernel = sink;
        if (kernel == null) {
            System.out.println(markdown);
            return;
        }
        DisplayData data = new DisplayData(markdown);
        data.putMarkdown(markdown);
        kernel.accept(data);
    }
}
