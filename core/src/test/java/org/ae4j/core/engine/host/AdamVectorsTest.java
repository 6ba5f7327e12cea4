package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamVectorsTest {

    @Test
    void theVectorizedFloatUpdateEqualsTheScalarLoopBitForBit() {
        int n = 1000 + 13; // a tail past the last whole vector
        java.util.Random rng = new java.util.Random(5);
        java.nio.ByteBuffer m = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer v = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        float[] mWant = new float[n];
        float[] vWant = new float[n];
        float[] pWant = new float[n];
        java.nio.ByteBuffer param = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer grad = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            pWant[i] = (float) rng.nextGaussian();
            param.putFloat(4 * i, pWant[i]);
        }
        float b1 = 0.9f;
        float b2 = 0.999f;
        float eps = 1e-8f;
        for (int step = 0; step < 3; step++) {
            float stepSize = 1e-3f * (step + 1);
            for (int i = 0; i < n; i++) {
                float g = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 4));
                grad.putFloat(4 * i, g);
                float mi = b1 * mWant[i] + (1 - b1) * g;
                float vi = b2 * vWant[i] + (1 - b2) * g * g;
                mWant[i] = mi;
                vWant[i] = vi;
                pWant[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
            }
            int cut = 37; // two ranges, neither a multiple of the vector length, as threads share them
            AdamVectors.step(m, v, grad, param, 0, cut, b1, b2, eps, stepSize);
            AdamVectors.step(m, v, grad, param, cut, n, b1, b2, eps, stepSize);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(mWant[i]), Float.floatToIntBits(m.getFloat(4 * i)), "m at " + i);
                assertEquals(Float.floatToIntBits(vWant[i]), Float.floatToIntBits(v.getFloat(4 * i)), "v at " + i);
                assertEquals(Float.floatToIntBits(pWant[i]), Float.floatToIntBits(param.getFloat(4 * i)), "p at " + i);
            }
        }
    }
}
