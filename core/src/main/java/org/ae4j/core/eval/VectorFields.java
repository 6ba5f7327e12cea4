package org.ae4j.core.eval;

/**
 * Comparisons of an estimated vector field with a reference one, both given as rows [N][D]: how well a
 * DAE's r(x) − x matches σ² ∇ log p(x) (Alain &amp; Bengio 2014), or points toward a manifold.
 */
public final class VectorFields {
    private VectorFields() {
    }

    /** Pearson correlation between all components of {@code a} and {@code b}, pooled over rows and dimensions. */
    public static double correlation(double[][] a, double[][] b) {
        check(a, b);
        double ma = 0;
        double mb = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int d = 0; d < a[i].length; d++) {
                ma += a[i][d];
                mb += b[i][d];
                n++;
            }
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            for (int d = 0; d < a[i].length; d++) {
                double da = a[i][d] - ma;
                double db = b[i][d] - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
        }
        if (saa == 0 || sbb == 0) {
            throw new IllegalArgumentException("correlation is undefined for a constant field");
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /**
     * The least-squares slope through the origin of {@code estimate} on {@code reference},
     * {@code <e, r> / <r, r>}: 1 when the estimate has the reference's scale.
     */
    public static double slope(double[][] estimate, double[][] reference) {
        check(estimate, reference);
        double er = 0;
        double rr = 0;
        for (int i = 0; i < estimate.length; i++) {
            for (int d = 0; d < estimate[i].length; d++) {
                er += estimate[i][d] * reference[i][d];
                rr += reference[i][d] * reference[i][d];
            }
        }
        if (rr == 0) {
            throw new IllegalArgumentException("the slope is undefined for a zero reference field");
        }
        return er / rr;
    }

    /** Mean over rows of the cosine between {@code a[i]} and {@code b[i]}; rows where either is zero count as 0. */
    public static double meanCosine(double[][] a, double[][] b) {
        check(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int d = 0; d < a[i].length; d++) {
                ab += a[i][d] * b[i][d];
                aa += a[i][d] * a[i][d];
                bb += b[i][d] * b[i][d];
            }
            sum += aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
        }
        return sum / a.length;
    }

    /** Mean Euclidean length of the rows. */
    public static double meanLength(double[][] a) {
        if (a.length == 0) {
            throw new IllegalArgumentException("the mean length of no vectors is undefined");
        }
        double sum = 0;
        for (double[] v : a) {
            double s = 0;
            for (double c : v) {
                s += c * c;
            }
            sum += Math.sqrt(s);
        }
        return sum / a.length;
    }

    private static void check(double[][] a, double[][] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("fields need the same, non-zero number of rows, got " + a.length
                    + " and " + b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                throw new IllegalArgumentException("row " + i + " has " + a[i].length + " and " + b[i].length
                        + " components");
            }
            for (int d = 0; d < a[i].length; d++) {
                if (!Double.isFinite(a[i][d]) || !Double.isFinite(b[i][d])) {
                    throw new IllegalArgumentException("row " + i + " holds a non-finite component");
                }
            }
        }
    }
}
