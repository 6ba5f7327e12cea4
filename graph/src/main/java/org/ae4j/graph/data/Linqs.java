package org.ae4j.graph.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.Gzip;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads citation graphs in the LINQS-style text format of the shared datasets (Cora, CiteSeer as
 * preprocessed by Planetoid): {@code NAME.content} has one line per node in id order,
 * {@code <id>\t<f_1>…<f_F>\t<label>} with 0/1 features and labels {@code class_<k>} or {@code none}
 * (unlabelled, label −1); {@code NAME.cites} has one undirected edge {@code <a>\t<b>} per line. Either
 * file may be gzipped.
 */
public final class Linqs {
    private Linqs() {
    }

    /** {@code <dir>/<name>/<name>.content(.gz)} and {@code .cites(.gz)}, e.g. name "cora" or "citeseer". */
    public static Graph load(DataDir data, String name) throws IOException {
        return read(data.require(name + "/" + name + ".content.gz"), data.require(name + "/" + name + ".cites.gz"));
    }

    /** Reads the two files; every malformed line is reported with its file and line number. */
    public static Graph read(Path content, Path cites) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        forEachLine(content, (line, where) -> {
            String[] f = line.split("\t");
            int width = rows.isEmpty() ? f.length - 2 : rows.get(0).length;
            if (width < 1) {
                throw new DataFormatException(where + ": a node line needs an id, features and a label");
            }
            if (f.length != width + 2) {
                throw new DataFormatException(where + ": " + f.length + " fields, expected " + (width + 2));
            }
            if (!f[0].equals(Integer.toString(rows.size()))) {
                throw new DataFormatException(where + ": node id '" + f[0] + "', expected " + rows.size()
                        + " (ids must run 0..N-1 in order)");
            }
            float[] x = new float[width];
            for (int j = 0; j < width; j++) {
                String v = f[j + 1];
                if (v.equals("1")) {
                    x[j] = 1f;
                } else if (!v.equals("0")) {
                    throw new DataFormatException(where + ": feature " + (j + 1) + " is '" + v + "', not 0 or 1");
                }
            }
            rows.add(x);
            labels.add(label(f[f.length - 1], where));
        });
        if (rows.isEmpty()) {
            throw new DataFormatException(content + ": no nodes");
        }
        int n = rows.size();
        int width = rows.get(0).length;
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, flat, i * width, width);
        }
        return new Graph(n, edges(cites, n), Nd4j.create(flat, new long[] {n, width}, DataType.FLOAT),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int label(String s, String where) {
        if (s.equals("none")) {
            return -1;
        }
        if (s.startsWith("class_")) {
            try {
                int k = Integer.parseInt(s.substring(6));
                if (k >= 0) {
                    return k;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new DataFormatException(where + ": label '" + s + "' is neither class_<k> nor none");
    }

    private static int[][] edges(Path cites, int n) throws IOException {
        List<int[]> edges = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        forEachLine(cites, (line, where) -> {
            String[] f = line.split("\t");
            if (f.length != 2) {
                throw new DataFormatException(where + ": an edge line needs two node ids, got '" + line + "'");
            }
            int a;
            int b;
            try {
                a = Integer.parseInt(f[0]);
                b = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(where + ": node ids must be integers, got '" + line + "'");
            }
            if (a < 0 || b < 0 || a >= n || b >= n) {
                throw new DataFormatException(where + ": edge " + a + "-" + b + " names a node outside 0.." + (n - 1));
            }
            if (a == b) {
                throw new DataFormatException(where + ": self loop at node " + a);
            }
            if (!seen.add(Graph.key(a, b, n))) {
                throw new DataFormatException(where + ": edge " + a + "-" + b + " is listed twice");
            }
            edges.add(new int[] {Math.min(a, b), Math.max(a, b)});
        });
        return edges.toArray(int[][]::new);
    }

    /** Calls {@code each} with every non-empty line of a gzipped text file and its place, "file:line". */
    private static void forEachLine(Path file, BiConsumer<String, String> each) throws IOException {
        try (BufferedReader in = reader(file)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isEmpty()) {
                    each.accept(line, file + ":" + lineNo);
                }
            }
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Gzip.open(file), StandardCharsets.UTF_8));
    }
}
