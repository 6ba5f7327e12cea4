package org.ae4j.core.model;

import java.util.List;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Chain;
import org.ae4j.core.nn.ConvStack;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.prob.StandardNormal;

/**
 * The recipe of a convolutional VAE, as {@link Vae.Spec} is of an MLP one: strided convolutions from the image to
 * features [B, C'·h·w], linear heads to q(z | x) over K dimensions; the decoder a dense layer from z to C'·h·w values,
 * then the encoder's convolutions mirrored as transposed ones (see {@link ConvStack#mirrored}) up to the likelihood's
 * parameter planes, P · C channels of H × W (P = 2 for a Gaussian with learned variance: the means, then the
 * log-variances, the layout {@link org.ae4j.core.prob.LearnedGaussian} reads).
 *
 * @param image     the images the rows hold, channels first
 * @param layers    the encoder's strided convolutions, from the image
 * @param hidden    the activation after every convolution and after the decoder's dense layer
 * @param latent    K
 * @param objective what training maximizes
 */
public record ConvSpec(ImageShape image, List<Layer> layers, Activation hidden, int latent, Likelihood likelihood,
                       Objective objective) {
    public ConvSpec {
        layers = List.copyOf(layers);
        if (image == null || hidden == null || likelihood == null || objective == null || latent < 1) {
            throw new IllegalArgumentException("a convolutional VAE needs an image shape, an activation, K >= 1, a "
                    + "likelihood and an objective");
        }
        new ConvStack(image, layers, hidden, hidden).mirrored(1, hidden, Activation.IDENTITY); // refuses misfits
    }

    /** The encoder's convolutions. */
    public ConvStack encoderTrunk() {
        return new ConvStack(image, layers, hidden, hidden);
    }

    /** z [B, K] to the likelihood's parameters [B, P·C·H·W]: a dense layer, then the mirrored convolutions. */
    public Chain decoder() {
        ConvStack trunk = encoderTrunk();
        ConvStack up = trunk.mirrored(likelihood.paramsPerDimension() * image.channels(), hidden, Activation.IDENTITY);
        return Chain.of(new Mlp(List.of(latent, trunk.outputSize()), hidden, hidden), up);
    }

    /** The parts this recipe builds, with the standard normal prior. */
    public Vae.Parts parts() {
        return new Vae.Parts(new GaussianHeads(encoderTrunk(), latent), decoder(), likelihood, new StandardNormal(),
                objective);
    }
}
