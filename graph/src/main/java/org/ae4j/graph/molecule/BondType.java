package org.ae4j.graph.molecule;

import org.openscience.cdk.interfaces.IBond;

/** Kekulé bond orders: the edge types of a molecular graph (QM9's SMILES have no aromatic bonds). */
public enum BondType {
    SINGLE(IBond.Order.SINGLE), DOUBLE(IBond.Order.DOUBLE), TRIPLE(IBond.Order.TRIPLE);

    private final IBond.Order order;

    BondType(IBond.Order order) {
        this.order = order;
    }

    public IBond.Order order() {
        return order;
    }

    public static BondType of(IBond.Order order) {
        for (BondType t : values()) {
            if (t.order == order) {
                return t;
            }
        }
        throw new IllegalArgumentException("no bond type for order " + order + " (single, double or triple)");
    }
}
