// %% [markdown]
// # PCA on faces: eigenfaces and explained variance
//
// The lecture (slides 12–17): the best K-dimensional linear auto-encoder is the one that minimizes the
// reconstruction error, which is the one that maximizes the projected variance, and PCA finds it in closed
// form. Here on the 2,429 CBCL training faces (19×19 pixels).
//
// Run as a notebook (`scripts/jupyter notebook notebooks-java/`) or in JShell (`scripts/jshell notebooks-java/pca-faces.jsh`).

// %%
Dataset faces = CbclFaces.load(DataDir.resolve(), Split.TRAIN, CbclFaces.Kind.FACE);
System.out.println(faces.size() + " faces of " + faces.dim() + " pixels");

// %% [markdown]
// `Pca.fit(x, k)` centres the data and keeps the top k principal directions (an SVD of the centred data).

// %%
Pca pca = Pca.fit(faces.x(), 50);
double[] ratio = pca.explainedVarianceRatio();
double cumulative = 0;
StringBuilder table = new StringBuilder("| components | explained variance |\n|---:|---:|\n");
for (int k = 1; k <= 50; k++) {
    cumulative += ratio[k - 1];
    if (k == 1 || k == 5 || k == 10 || k == 30 || k == 50) {
        table.append(String.format("| %d | %.1f%% |%n", k, 100 * cumulative));
    }
}
Show.markdown(table.toString());

// %% [markdown]
// The mean face and the first eigenfaces: the principal directions seen as images.

// %%
INDArray components = pca.components().getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
Path grid = Show.figure("eigenfaces");
ImageGrid.write(grid, Nd4j.vstack(pca.mean().castTo(DataType.DOUBLE), ImageGrid.signedToUnit(components)),
        CbclFaces.SIDE, CbclFaces.SIDE, 8, 4);
Show.png(grid);

// %% [markdown]
// Reconstructions from 5, 10 and 30 components (rows), against the faces themselves (first row): the error
// falls as k grows, and it is the smallest any k-dimensional linear map can reach.

// %%
INDArray shown = faces.x().getRows(0, 300, 600, 900, 1200, 1500, 1800, 2100);
INDArray rows = shown;
for (int k : new int[] {5, 10, 30}) {
    Pca pk = pca.truncate(k);
    rows = Nd4j.vstack(rows, pk.reconstruct(shown));
    System.out.printf("k = %2d: squared error per face %.3f%n", k, pk.reconstructionError(faces.x()));
}
Path reconstructions = Show.figure("face-reconstructions");
ImageGrid.write(reconstructions, rows, CbclFaces.SIDE, CbclFaces.SIDE, 8, 4);
Show.png(reconstructions);
/exit
