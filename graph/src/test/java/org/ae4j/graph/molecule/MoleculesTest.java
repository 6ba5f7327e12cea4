package org.ae4j.graph.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.SmallGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculesTest {
    private final Molecules molecules = new Molecules();

    @Test
    void aceticAcidByHand() {
        SmallGraph g = molecules.fromSmiles("CC(=O)O");
        int c = AtomType.C.ordinal();
        int o = AtomType.O.ordinal();
        assertArrayEquals(new int[] {c, c, o, o}, g.nodeTypes());
        assertEquals(BondType.SINGLE.ordinal(), g.edgeType(0, 1));
        assertEquals(BondType.DOUBLE.ordinal(), g.edgeType(1, 2));
        assertEquals(BondType.SINGLE.ordinal(), g.edgeType(1, 3));
        // Two spellings of one molecule share a canonical SMILES.
        assertEquals(molecules.canonicalSmiles("CC(=O)O"), molecules.canonicalSmiles("OC(C)=O"));
    }

    @Test
    void knownMoleculesSurviveTheRoundTripEvenWhenTheirAtomsAreShuffled() {
        Rng rng = Rng.seeded(4);
        for (String smiles : List.of("N#CC1CC1", "c1ccccc1O", "C[NH3+].[O-]C=O".split("\\.")[0], "OC1=NON=C1OC=O",
                "CC12CCC1CN1CC21", "[O-]C(=O)C[NH3+]", "FC(F)F", "C#C")) {
            SmallGraph g = molecules.fromSmiles(smiles);
            String canonical = molecules.canonicalSmiles(smiles);
            Optional<String> back = molecules.canonicalSmiles(g.permuted(rng.permutation(g.nodes())));
            assertEquals(Optional.of(canonical), back, smiles);
        }
    }

    @Test
    void impossibleValencesAndFragmentsAreInvalid() {
        int c = AtomType.C.ordinal();
        int o = AtomType.O.ordinal();
        int single = BondType.SINGLE.ordinal();
        // Pentavalent carbon.
        SmallGraph star = new SmallGraph(new int[] {c, c, c, c, c, c},
                new int[][] {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}, new int[] {single, single, single, single, single});
        assertEquals(Optional.empty(), molecules.canonicalSmiles(star));
        // Neutral oxygen with three bonds.
        SmallGraph oxygen = new SmallGraph(new int[] {o, c, c, c}, new int[][] {{0, 1}, {0, 2}, {0, 3}},
                new int[] {single, single, single});
        assertEquals(Optional.empty(), molecules.canonicalSmiles(oxygen));
        // Two fragments.
        SmallGraph split = new SmallGraph(new int[] {c, c, o}, new int[][] {{0, 1}}, new int[] {single});
        assertEquals(Optional.empty(), molecules.canonicalSmiles(split));
        assertTrue(molecules.canonicalSmiles(new SmallGraph(new int[] {c}, new int[0][], new int[0])).isPresent());
    }

    @Test
    void badSmilesAndAtomsOutsideTheVocabularyAreNamed() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> molecules.fromSmiles("C1CC"));
        assertTrue(bad.getMessage().contains("C1CC"), bad.getMessage());
        IllegalArgumentException sulfur = assertThrows(IllegalArgumentException.class, () -> molecules.fromSmiles("CS"));
        assertTrue(sulfur.getMessage().contains("S with charge 0"), sulfur.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> molecules.canonicalSmiles(new SmallGraph(new int[] {99}, new int[0][], new int[0])));
    }

    @Test
    void emptyOrMalformedLinesAreReportedWithTheirLineNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("qm9.txt");
        Files.writeString(file, "CC\n\nCO\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Qm9.read(file));
        assertTrue(e.getMessage().contains("qm9.txt:2"), e.getMessage());
        Files.writeString(file, "CC\nCO");
        assertEquals(List.of("CC", "CO"), Qm9.read(file));
    }

    @Test
    void allOfQm9ParsesIntoTheVocabularyAndRoundTrips() throws IOException {
        Optional<Path> file = DataDir.resolve().find("qm9/qm9_smiles.txt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(file.isPresent(), "QM9 is not in the data directory");
        List<String> smiles = Qm9.read(file.get());
        assertEquals(133_885, smiles.size());
        Set<String> canonical = new HashSet<>();
        int largest = 0;
        for (String s : smiles) {
            SmallGraph g = molecules.fromSmiles(s);
            largest = Math.max(largest, g.nodes());
            canonical.add(molecules.canonicalSmiles(g).orElseThrow(() -> new AssertionError(s + " is not valid")));
        }
        assertEquals(Qm9.MAX_ATOMS, largest);
        // RDKit also finds 133,798 distinct molecules (the dataset's README).
        assertEquals(133_798, canonical.size());
    }
}
