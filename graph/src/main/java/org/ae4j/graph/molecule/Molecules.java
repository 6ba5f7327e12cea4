package org.ae4j.graph.molecule;

import java.util.Optional;
import org.ae4j.graph.data.SmallGraph;
import org.openscience.cdk.config.Elements;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemObjectBuilder;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Molecules to and from {@link SmallGraph}s of {@link AtomType}s and {@link BondType}s (heavy atoms only;
 * hydrogens are implicit), with CDK's SMILES parser, atom typer and canonical SMILES. Not thread-safe
 * (CDK's parser and generator are not): use one instance per thread.
 */
public final class Molecules {
    private final IChemObjectBuilder builder = SilentChemObjectBuilder.getInstance();
    private final SmilesParser parser = new SmilesParser(builder);
    private final SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Canonical);

    /** The heavy-atom graph of a SMILES (Kekulé bond orders); throws naming the SMILES when it is not one. */
    public SmallGraph fromSmiles(String smiles) {
        IAtomContainer m;
        try {
            m = parser.parseSmiles(smiles); // kekulizes aromatic input by default
        } catch (InvalidSmilesException e) {
            throw new IllegalArgumentException("not a SMILES: '" + smiles + "' (" + e.getMessage() + ")", e);
        }
        int[] types = new int[m.getAtomCount()];
        for (IAtom a : m.atoms()) {
            Integer charge = a.getFormalCharge();
            try {
                types[a.getIndex()] = AtomType.of(a.getSymbol(), charge == null ? 0 : charge).ordinal();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + smiles + "': " + e.getMessage(), e);
            }
        }
        int[][] edges = new int[m.getBondCount()][];
        int[] bondTypes = new int[edges.length];
        int e = 0;
        for (IBond b : m.bonds()) {
            int u = b.getBegin().getIndex();
            int v = b.getEnd().getIndex();
            edges[e] = new int[] {Math.min(u, v), Math.max(u, v)};
            try {
                bondTypes[e++] = BondType.of(b.getOrder()).ordinal();
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("'" + smiles + "': " + ex.getMessage(), ex);
            }
        }
        return new SmallGraph(types, edges, bondTypes);
    }

    /**
     * The canonical SMILES of a generated graph if it is a valid molecule: every atom has a CDK atom type
     * (a known valence state: pentavalent carbon or a three-bonded neutral oxygen have none) and the graph
     * is one connected piece. Empty otherwise.
     */
    public Optional<String> canonicalSmiles(SmallGraph graph) {
        IAtomContainer m = builder.newAtomContainer();
        for (int t : graph.nodeTypes()) {
            if (t >= AtomType.values().length) {
                throw new IllegalArgumentException("node type " + t + " is not an atom type (0.." + (AtomType.values().length - 1) + ")");
            }
            AtomType type = AtomType.values()[t];
            IAtom atom = builder.newAtom();
            atom.setSymbol(type.symbol());
            atom.setAtomicNumber(Elements.ofString(type.symbol()).number());
            atom.setFormalCharge(type.charge());
            m.addAtom(atom);
        }
        for (int e = 0; e < graph.edges().length; e++) {
            int t = graph.edgeTypes()[e];
            if (t >= BondType.values().length) {
                throw new IllegalArgumentException("edge type " + t + " is not a bond type (0.." + (BondType.values().length - 1) + ")");
            }
            m.addBond(graph.edges()[e][0], graph.edges()[e][1], BondType.values()[t].order());
        }
        try {
            AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(m);
            for (IAtom a : m.atoms()) {
                // CDK marks an atom whose bonds fit no valence state as type "X" (and the hydrogen adder would
                // then silently give it none), so validity is checked here.
                if (a.getAtomTypeName() == null || a.getAtomTypeName().equals("X")) {
                    return Optional.empty();
                }
            }
            if (!ConnectivityChecker.isConnected(m)) {
                return Optional.empty();
            }
            CDKHydrogenAdder.getInstance(builder).addImplicitHydrogens(m);
            return Optional.of(canonical.create(m));
        } catch (CDKException e) {
            return Optional.empty();
        }
    }

    /** The canonical SMILES of a SMILES string, for comparing generated molecules with a dataset. */
    public String canonicalSmiles(String smiles) {
        return canonicalSmiles(fromSmiles(smiles)).orElseThrow(
                () -> new IllegalArgumentException("'" + smiles + "' is not a valid connected molecule"));
    }
}
