package org.ae4j.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Element-wise nonlinearities for {@link Mlp} layers. */
public enum Activation {
    IDENTITY, RELU, SIGMOID, TANH;

    public SDVariable apply(SameDiff sd, SDVariable z) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> sd.nn.relu(z, 0.0);
            case SIGMOID -> sd.nn.sigmoid(z);
            case TANH -> sd.nn.tanh(z);
        };
    }

    /** He initialization suits ReLU; Glorot suits the saturating and linear units. */
    boolean prefersHeInit() {
        return this == RELU;
    }
}
