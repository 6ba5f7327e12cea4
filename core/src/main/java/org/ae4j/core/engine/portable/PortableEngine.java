package org.ae4j.core.engine.portable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.ForwardPass;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ND4J's own ops only: SameDiff's executor for every pass, every declared loss term as the graph's ops, Adam as
 * ND4J array ops. Nothing reads or writes an array's memory from Java, so it computes the same thing on the CPU and
 * on CUDA; the CPU tests run it to check that (CI runs the suite once with {@code AE4J_ENGINE=portable}).
 */
public final class PortableEngine implements Engine {

    @Override
    public String name() {
        return PORTABLE;
    }

    @Override
    public String floatGemm() {
        return "ND4J's gemm on " + Backend.describe();
    }

    @Override
    public GradientPass gradientPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
                                     List<String> parameters, List<FusibleTerm> terms) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to differentiate; use forwardPass for outputs alone");
        }
        return new SameDiffPass(sd, feed, outputs, parameters);
    }

    @Override
    public ForwardPass forwardPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs) {
        return new SameDiffPass(sd, feed, outputs, List.of());
    }

    /**
     * The same operations in the same order as the host engine's loop, each an ND4J op over the whole array, with
     * the coefficients rounded to the parameter's type as the host engine rounds them.
     */
    @Override
    public void adam(List<AdamSlot> slots, AdamUpdate update, Set<String> rowOwned) {
        for (AdamSlot s : slots) {
            boolean single = s.m().dataType() == DataType.FLOAT;
            double b1 = single ? (float) update.beta1() : update.beta1();
            double b2 = single ? (float) update.beta2() : update.beta2();
            double rest1 = single ? 1f - (float) b1 : 1 - b1;
            double rest2 = single ? 1f - (float) b2 : 1 - b2;
            double eps = single ? (float) update.epsilon() : update.epsilon();
            double stepSize = single ? (float) update.stepSize() : update.stepSize();
            INDArray cast = s.gradient().castTo(s.m().dataType());
            INDArray g = cast.reshape(s.m().shape());
            INDArray firstPart = g.mul(rest1);
            s.m().muli(b1).addi(firstPart);
            INDArray secondPart = g.mul(rest2).muli(g);
            s.v().muli(b2).addi(secondPart);
            INDArray root = Transforms.sqrt(s.v(), true).addi(eps);
            INDArray step = s.m().mul(stepSize).divi(root);
            s.param().subi(step.reshape(s.param().shape()));
            List<INDArray> temporaries = new ArrayList<>(List.of(firstPart, secondPart, root, step));
            if (cast != s.gradient()) {
                temporaries.add(cast);
            }
            OffHeap.release(temporaries);
        }
    }
}
