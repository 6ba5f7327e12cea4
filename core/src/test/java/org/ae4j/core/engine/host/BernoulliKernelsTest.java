package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BernoulliKernelsTest {

    /** Logits from −120 to 120, exact zeros, tiny values and the float extremes of exp. */
    private static float[] logits(int n) {
        Rng rng = Rng.seeded(3);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = switch (i % 7) {
                case 0 -> 0f;
                case 1 -> (float) (rng.nextGaussian() * 1e-7);
                case 2 -> (float) ((rng.nextDouble() - 0.5) * 240);
                case 3 -> i % 2 == 0 ? 88.8f : -103.9f;
                default -> (float) (rng.nextGaussian() * 4);
            };
        }
        return l;
    }

    private static ByteBuffer buffer(float[] values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            b.putFloat(i * Float.BYTES, values[i]);
        }
        return b;
    }

    private static double softplus(double l) {
        return l > 0 ? l + Math.log1p(Math.exp(-l)) : Math.log1p(Math.exp(l));
    }

    @Test
    void theTestJvmHasTheVectorApiSoTheVectorizedPassIsWhatIsTested() {
        assertTrue(BernoulliKernels.vectorized(), "surefire's argLine should add jdk.incubator.vector");
    }

    @Test
    void bothPassesGiveTheSoftplusSumAndTheScaledSigmoidOnRunsOfAnyLengthAndOffset() {
        float[] l = logits(1000);
        for (int[] run : new int[][] {{0, 1000}, {3, 3}, {5, 12}, {17, 980}, {999, 1000}}) {
            double want = 0;
            for (int i = run[0]; i < run[1]; i++) {
                want += softplus(l[i]);
            }
            ByteBuffer vectorized = buffer(l);
            ByteBuffer scalar = buffer(l);
            double gotVector = BernoulliKernels.softplusSigmoid(vectorized, run[0], run[1], 0.25f);
            double gotScalar = BernoulliKernels.scalarSoftplusSigmoid(scalar, run[0], run[1], 0.25f);
            assertEquals(want, gotVector, 1e-6 * Math.max(1, want), "sum over " + run[0] + ".." + run[1]);
            assertEquals(want, gotScalar, 1e-6 * Math.max(1, want), "scalar sum over " + run[0] + ".." + run[1]);
            for (int i = 0; i < l.length; i++) {
                boolean inside = i >= run[0] && i < run[1];
                double sigmoid = 1 / (1 + Math.exp(-l[i]));
                float expected = inside ? (float) (0.25 * sigmoid) : l[i];
                assertEquals(expected, vectorized.getFloat(i * Float.BYTES), 1e-7, "vectorized at " + i);
                assertEquals(expected, scalar.getFloat(i * Float.BYTES), 1e-7, "scalar at " + i);
            }
        }
    }

    @Test
    void aRunOutsideTheBufferOrInTheWrongByteOrderIsRefused() {
        ByteBuffer b = buffer(new float[8]);
        assertThrows(IndexOutOfBoundsException.class, () -> BernoulliKernels.softplusSigmoid(b, 4, 9, 1f));
        ByteBuffer swapped = ByteBuffer.allocateDirect(32).order(
                ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BernoulliKernels.softplusSigmoid(swapped, 0, 8, 1f));
        assertTrue(e.getMessage().contains("byte order"), e.getMessage());
    }

    @Test
    void crossEntropyGivesTheNegativeLogLikelihoodAndItsGradientWithoutTouchingItsInputs() {
        float[] l = logits(700);
        Rng rng = Rng.seeded(4);
        float[] x = new float[700];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? rng.nextFloat() : (rng.nextFloat() < 0.5 ? 0 : 1); // grey levels and binary
        }
        for (int[] run : new int[][] {{0, 0, 0, 700}, {3, 10, 7, 333}, {0, 1, 2, 5}}) {
            int la = run[0];
            int xa = run[1];
            int ga = run[2];
            int n = run[3];
            double want = 0;
            for (int i = 0; i < n; i++) {
                want += softplus(l[la + i]) - x[xa + i] * (double) l[la + i];
            }
            for (boolean vector : new boolean[] {true, false}) {
                ByteBuffer logits = buffer(l);
                ByteBuffer targets = buffer(x);
                ByteBuffer gradient = buffer(new float[700]);
                double got = vector
                        ? BernoulliKernels.crossEntropy(logits, la, targets, xa, gradient, ga, n, 0.5f)
                        : BernoulliKernels.scalarCrossEntropy(logits, la, targets, xa, gradient, ga, n, 0.5f);
                assertEquals(want, got, 1e-6 * Math.max(1, Math.abs(want)), "sum, run " + la + "/" + n + " " + vector);
                for (int i = 0; i < 700; i++) {
                    assertEquals(l[i], logits.getFloat(i * Float.BYTES), "logits are read only");
                    boolean inside = i >= ga && i < ga + n;
                    double sigmoid = inside ? 1 / (1 + Math.exp(-l[la + i - ga])) : 0;
                    float expected = inside ? (float) (0.5 * (sigmoid - x[xa + i - ga])) : 0f;
                    assertEquals(expected, gradient.getFloat(i * Float.BYTES), 1e-7, "gradient at " + i);
                }
            }
        }
    }

    @Test
    void expAndLog1pAreWithinAFewUlpOfTheJdksAndExactAtTheEnds() {
        assertEquals(1f, BernoulliKernels.exp(0f));
        assertEquals(1f, BernoulliKernels.exp(-0f));
        assertEquals(0f, BernoulliKernels.log1p(0f));
        assertTrue(BernoulliKernels.exp(Float.NEGATIVE_INFINITY) < 2e-38f);
        assertTrue(Float.isNaN(BernoulliKernels.exp(Float.NaN)) && Float.isNaN(BernoulliKernels.log1p(Float.NaN)));
        Rng rng = Rng.seeded(8);
        for (int i = 0; i < 200_000; i++) {
            float x = -(float) (rng.nextDouble() * (i % 2 == 0 ? 87 : 1));
            float want = (float) Math.exp(x);
            float got = BernoulliKernels.exp(x);
            assertTrue(Math.abs(got - want) <= 3 * Math.ulp(want), "exp(" + x + ") = " + got + ", want " + want);
            float e = (float) rng.nextDouble();
            float wantLog = (float) Math.log1p(e);
            float gotLog = BernoulliKernels.log1p(e);
            assertTrue(Math.abs(gotLog - wantLog) <= 3 * Math.ulp(wantLog),
                    "log1p(" + e + ") = " + gotLog + ", want " + wantLog);
        }
    }

    @Test
    void theVectorAndScalarPassesWriteTheSameBitsForEveryElement() {
        float[] l = logits(1000);
        float[] x = new float[1000];
        Rng rng = Rng.seeded(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        ByteBuffer vectorized = buffer(l);
        ByteBuffer scalar = buffer(l);
        BernoulliKernels.softplusSigmoid(vectorized, 0, 1000, 0.5f);
        BernoulliKernels.scalarSoftplusSigmoid(scalar, 0, 1000, 0.5f);
        ByteBuffer vectorGradient = buffer(new float[1000]);
        ByteBuffer scalarGradient = buffer(new float[1000]);
        BernoulliKernels.crossEntropy(buffer(l), 0, buffer(x), 0, vectorGradient, 0, 1000, 0.25f);
        BernoulliKernels.scalarCrossEntropy(buffer(l), 0, buffer(x), 0, scalarGradient, 0, 1000, 0.25f);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Float.floatToRawIntBits(scalar.getFloat(i * 4)), Float.floatToRawIntBits(vectorized.getFloat(i * 4)),
                    "sigmoid of " + l[i]);
            assertEquals(Float.floatToRawIntBits(scalarGradient.getFloat(i * 4)),
                    Float.floatToRawIntBits(vectorGradient.getFloat(i * 4)), "gradient at logit " + l[i]);
        }
    }

    /**
     * The passes give the same bits interpreted and compiled: in a fresh JVM, their first calls (interpreted) and
     * their calls after thousands more (compiled by C2) print the same fingerprint, and so does a JVM that never
     * compiles ({@code -Xint}). With the Vector API's SVML {@code EXP} and {@code LOG1P} they did not, and the same
     * seed gave different losses in fresh JVMs depending on when C2 compiled the pass.
     */
    @Test
    void thePassesGiveTheSameBitsInterpretedAndCompiledWithC2(@TempDir Path tmp) throws Exception {
        List<String> tiered = fingerprintsIn(tmp, "3000");
        assertEquals(2, tiered.size(), tiered.toString());
        assertTrue(tiered.get(0).startsWith("first vector "), tiered.toString());
        assertEquals(tiered.get(0).substring("first ".length()), tiered.get(1).substring("last ".length()),
                "first (interpreted) and last (compiled) calls");
        List<String> interpreted = fingerprintsIn(tmp, "0", "-Xint");
        assertEquals(tiered.get(0), interpreted.get(0), "a JVM that only interprets");
    }

    private static List<String> fingerprintsIn(Path tmp, String calls, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelFingerprint.class.getName(), calls));
        Path out = Files.createTempFile(tmp, "fingerprint", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the child JVM did not finish: " + command);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines.stream().filter(line -> line.startsWith("first ") || line.startsWith("last ")).toList();
    }
}
