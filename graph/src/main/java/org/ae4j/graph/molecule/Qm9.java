package org.ae4j.graph.molecule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.Gzip;

/**
 * QM9 (Ramakrishnan et al. 2014): 133,885 molecules of at most 9 heavy atoms (C, N, O, F), read as the
 * GDB-17 SMILES of {@code qm9/qm9_smiles.txt(.gz)}, one per line.
 */
public final class Qm9 {
    /** Heavy atoms of the largest QM9 molecule: the k of a GraphVAE for QM9. */
    public static final int MAX_ATOMS = 9;

    private Qm9() {
    }

    /** The SMILES of {@code <dir>/qm9/qm9_smiles.txt.gz}, in file order. */
    public static List<String> smiles(DataDir data) throws IOException {
        return read(data.require("qm9/qm9_smiles.txt.gz"));
    }

    /** One SMILES per line; an empty or space-containing line is reported with its line number. */
    public static List<String> read(Path file) throws IOException {
        List<String> smiles = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Gzip.open(file), StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.contains(" ") || s.contains("\t")) {
                    throw new DataFormatException(file + ":" + lineNo + ": expected one SMILES, got '" + line + "'");
                }
                smiles.add(s);
            }
        }
        if (smiles.isEmpty()) {
            throw new DataFormatException(file + ": no molecules");
        }
        return smiles;
    }
}
