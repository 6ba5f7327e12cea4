package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinqsTest {

    private static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsATinyGraphWithAnUnlabelledNode(@TempDir Path dir) throws Exception {
        Path content = write(dir, "t.content", "0\t1\t0\t1\tclass_2\n1\t0\t0\t0\tnone\n2\t0\t1\t0\tclass_0\n");
        Path cites = write(dir, "t.cites", "0\t1\n0\t2\n");
        Graph g = Linqs.read(content, cites);
        assertEquals(3, g.nodes());
        assertEquals(3, g.featureSize());
        assertArrayEquals(new int[] {2, -1, 0}, g.labels());
        assertEquals(2, g.edges().length);
        assertEquals(1.0, g.features().getDouble(0, 2), 0.0);
        assertEquals(1.0, g.adjacency().getDouble(2, 0), 0.0);
        assertEquals(0.0, g.adjacency().getDouble(1, 2), 0.0);
    }

    @Test
    void everyMalformedLineIsNamedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        String good = "0\t1\tclass_0\n1\t0\tclass_1\n";
        Path cites = write(dir, "ok.cites", "0\t1\n");
        String[][] badContent = {
            {"0\t1\tclass_0\n1\t0\t1\tclass_1\n", "fields"},
            {"0\t1\tclass_0\n2\t0\tclass_1\n", "node id"},
            {"0\t2\tclass_0\n", "not 0 or 1"},
            {"0\t1\tpaper\n", "label"},
        };
        for (String[] c : badContent) {
            Path content = write(dir, "bad.content", c[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> Linqs.read(content, cites));
            assertTrue(e.getMessage().contains("bad.content:") && e.getMessage().contains(c[1]), e.getMessage());
        }
        Path content = write(dir, "ok.content", good);
        String[][] badCites = {{"0\t5\n", "outside"}, {"1\t1\n", "self loop"}, {"0\t1\n1\t0\n", "twice"}, {"0 1\n", "two node ids"}};
        for (String[] c : badCites) {
            Path bad = write(dir, "bad.cites", c[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> Linqs.read(content, bad));
            assertTrue(e.getMessage().contains("bad.cites:") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void coraAndCiteseerHaveTheDocumentedCounts() throws Exception {
        DataDir data = DataDir.resolve();
        assumeTrue(data.find("cora/cora.content.gz").isPresent() && data.find("citeseer/citeseer.content.gz").isPresent(),
                "Cora/CiteSeer not available");
        Graph cora = Linqs.load(data, "cora");
        assertEquals(2708, cora.nodes());
        assertEquals(1433, cora.featureSize());
        assertEquals(5278, cora.edges().length);
        assertArrayEquals(new int[] {3, 4, 4, 0, 3, 2, 0, 3, 3, 2}, Arrays.copyOf(cora.labels(), 10));
        assertArrayEquals(new int[] {351, 217, 418, 818, 426, 298, 180}, classSizes(cora, 7));
        assertEquals(18.17, cora.features().sumNumber().doubleValue() / cora.nodes(), 0.01);

        Graph citeseer = Linqs.load(data, "citeseer");
        assertEquals(3327, citeseer.nodes());
        assertEquals(3703, citeseer.featureSize());
        assertEquals(4552, citeseer.edges().length);
        assertEquals(15, Arrays.stream(citeseer.labels()).filter(l -> l == -1).count());
        assertEquals(48, citeseer.nodes() - Arrays.stream(citeseer.edges()).flatMapToInt(Arrays::stream).distinct().count());
        for (int i = 0; i < citeseer.nodes(); i++) {
            if (citeseer.labels()[i] == -1) {
                assertEquals(0.0, citeseer.features().getRow(i).sumNumber().doubleValue(), 0.0, "node " + i);
            }
        }
    }

    private static int[] classSizes(Graph g, int classes) {
        int[] sizes = new int[classes];
        for (int l : g.labels()) {
            sizes[l]++;
        }
        return sizes;
    }
}
