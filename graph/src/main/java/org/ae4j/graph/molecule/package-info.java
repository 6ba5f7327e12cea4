/**
 * Molecules as typed graphs through the Chemistry Development Kit: QM9's SMILES, atom and bond
 * vocabularies, validity and canonical SMILES of generated graphs.
 */
package org.ae4j.graph.molecule;
