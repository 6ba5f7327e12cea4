package org.ae4j.graph.molecule;

/**
 * The heavy-atom types of QM9 (C, N, O, F with the formal charges that occur there): a node type of a
 * molecular graph. The charge is part of the type because without it a rebuilt molecule is a different
 * one (e.g. {@code [NH3+]} would come back as NH2).
 */
public enum AtomType {
    C("C", 0), C_MINUS("C", -1), N("N", 0), N_PLUS("N", 1), N_MINUS("N", -1), O("O", 0), O_MINUS("O", -1), F("F", 0);

    private final String symbol;
    private final int charge;

    AtomType(String symbol, int charge) {
        this.symbol = symbol;
        this.charge = charge;
    }

    public String symbol() {
        return symbol;
    }

    public int charge() {
        return charge;
    }

    /** The type of an element with a formal charge; throws when QM9's vocabulary has no such atom. */
    public static AtomType of(String symbol, int charge) {
        for (AtomType t : values()) {
            if (t.symbol.equals(symbol) && t.charge == charge) {
                return t;
            }
        }
        throw new IllegalArgumentException("no atom type for " + symbol + " with charge " + charge
                + " (QM9's types are C, C-, N, N+, N-, O, O-, F)");
    }
}
