package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.ForwardPass;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.engine.portable.SameDiffPass;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU engine: passes compiled into op lists over preallocated arrays ({@link CompiledStep}), products through
 * {@link Blas} on ae4j's threads, declared loss terms through the {@link TermKernels} that have a kernel for them,
 * and Adam on the arrays' host memory (Vector API where loaded). A graph it cannot compile runs on SameDiff's
 * executor, with one warning. Needs ND4J's CPU backend.
 */
public final class HostEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(HostEngine.class);
    private static final boolean VECTORIZED = Backend.vectorApi();

    @Override
    public String name() {
        return HOST;
    }

    @Override
    public String floatGemm() {
        return Blas.floatGemm();
    }

    @Override
    public GradientPass gradientPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
                                     List<String> parameters, List<FusibleTerm> terms) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to differentiate; use forwardPass for outputs alone");
        }
        List<FusedTerm> fused = kernels(terms, sd);
        if (!fused.isEmpty()) {
            try {
                return CompiledStep.compile(sd, feed, outputs, parameters, fused);
            } catch (RuntimeException e) {
                LOG.warn("the loss terms {} run as the graph's ops (slower): they could not be fused: {}",
                        fused.stream().map(FusedTerm::output).toList(), e.getMessage());
            }
        }
        try {
            return CompiledStep.compile(sd, feed, outputs, parameters);
        } catch (RuntimeException e) {
            LOG.warn("SameDiff's executor runs this graph (slower): it could not be compiled: {}", e.getMessage());
            return new SameDiffPass(sd, feed, outputs, parameters);
        }
    }

    @Override
    public ForwardPass forwardPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs) {
        try {
            return CompiledStep.compileForward(sd, feed, outputs);
        } catch (RuntimeException e) {
            LOG.warn("SameDiff's executor computes {} (slower): it could not be compiled: {}", outputs, e.getMessage());
            return new SameDiffPass(sd, feed, outputs, List.of());
        }
    }

    /** The kernels of the terms some provider has one for; the others run as their ops. */
    static List<FusedTerm> kernels(List<FusibleTerm> terms, SameDiff sd) {
        List<FusedTerm> fused = new ArrayList<>();
        for (FusibleTerm term : terms) {
            for (TermKernels provider : ServiceLoader.load(TermKernels.class)) {
                Optional<FusedTerm> kernel = provider.kernel(term, sd);
                if (kernel.isPresent()) {
                    fused.add(kernel.get());
                    break;
                }
            }
        }
        return fused;
    }

    /**
     * FLOAT with the Vector API: on the buffers themselves, one contiguous block per thread, row block t of a
     * row-owned matrix (the block whose gradient thread t's products wrote), else the t-th of equal runs; a fixed
     * cut, so each value's update stays on the core that updated it last. Otherwise one Java loop per parameter.
     * Each value's update is the same operations in the same order whichever path or thread makes it.
     */
    @Override
    public void adam(List<AdamSlot> slots, AdamUpdate update, Set<String> rowOwned) {
        List<List<Runnable>> byThread = new ArrayList<>();
        List<INDArray> copies = new ArrayList<>();
        for (int i = 0; i < Parallel.threads(); i++) {
            byThread.add(new ArrayList<>());
        }
        for (AdamSlot s : slots) {
            INDArray param = s.param();
            INDArray grad = s.gradient();
            if (grad.length() != param.length()) {
                throw new IllegalArgumentException("gradient of '" + s.name() + "' has " + grad.length()
                        + " values, the parameter " + param.length());
            }
            DataType type = param.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("Adam needs FLOAT or DOUBLE parameters; '" + s.name() + "' is " + type);
            }
            INDArray g = grad.dataType() == type && HostBuffers.dense(grad) ? grad : grad.castTo(type).dup('c');
            INDArray p = HostBuffers.dense(param) ? param : param.dup('c');
            if (g != grad) {
                copies.add(g);
            }
            if (type == DataType.FLOAT && VECTORIZED && p == param) {
                vectorBlocks(s, g, (float) update.beta1(), (float) update.beta2(), (float) update.epsilon(),
                        (float) update.stepSize(), rowOwned.contains(s.name()), byThread);
                continue;
            }
            if (type == DataType.FLOAT) {
                floatStep(s.m(), s.v(), g, p, (float) update.beta1(), (float) update.beta2(), (float) update.epsilon(),
                        (float) update.stepSize());
            } else {
                doubleStep(s.m(), s.v(), g, p, update);
            }
            if (p != param) {
                param.assign(p);
                copies.add(p);
            }
        }
        Parallel.run(byThread.stream().<Runnable>map(parts -> () -> parts.forEach(Runnable::run))
                .toArray(Runnable[]::new));
        OffHeap.release(copies);
    }

    private static void vectorBlocks(AdamSlot s, INDArray grad, float b1, float b2, float eps, float stepSize,
                                     boolean byRows, List<List<Runnable>> byThread) {
        ByteBuffer m = HostBuffers.bytes(s.m());
        ByteBuffer v = HostBuffers.bytes(s.v());
        ByteBuffer g = HostBuffers.bytes(grad);
        ByteBuffer p = HostBuffers.bytes(s.param());
        int length = Math.toIntExact(s.param().length());
        int rowLength = byRows && s.param().rank() == 2 ? (int) s.param().columns() : 1;
        int[] blocks = Blas.blocks(length / rowLength); // rows of a row-owned matrix, else single values
        for (int t = 0; t < blocks.length - 1; t++) {
            int from = blocks[t] * rowLength;
            int to = blocks[t + 1] * rowLength;
            // The threads share the byte buffers: AdamVectors reads and writes them by index, never by position.
            byThread.get(t).add(() -> AdamVectors.step(m, v, g, p, from, to, b1, b2, eps, stepSize));
        }
    }

    private static void floatStep(INDArray mArray, INDArray vArray, INDArray grad, INDArray param, float b1, float b2,
                                  float eps, float stepSize) {
        FloatBuffer m = HostBuffers.bytes(mArray).asFloatBuffer();
        FloatBuffer v = HostBuffers.bytes(vArray).asFloatBuffer();
        FloatBuffer g = HostBuffers.bytes(grad).asFloatBuffer();
        FloatBuffer p = HostBuffers.bytes(param).asFloatBuffer();
        for (int i = 0, n = Math.toIntExact(param.length()); i < n; i++) {
            float gi = g.get(i);
            float mi = b1 * m.get(i) + (1 - b1) * gi;
            float vi = b2 * v.get(i) + (1 - b2) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, p.get(i) - stepSize * mi / ((float) Math.sqrt(vi) + eps));
        }
    }

    private static void doubleStep(INDArray mArray, INDArray vArray, INDArray grad, INDArray param, AdamUpdate u) {
        DoubleBuffer m = HostBuffers.bytes(mArray).asDoubleBuffer();
        DoubleBuffer v = HostBuffers.bytes(vArray).asDoubleBuffer();
        DoubleBuffer g = HostBuffers.bytes(grad).asDoubleBuffer();
        DoubleBuffer p = HostBuffers.bytes(param).asDoubleBuffer();
        for (int i = 0, n = Math.toIntExact(param.length()); i < n; i++) {
            double gi = g.get(i);
            double mi = u.beta1() * m.get(i) + (1 - u.beta1()) * gi;
            double vi = u.beta2() * v.get(i) + (1 - u.beta2()) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, p.get(i) - u.stepSize() * mi / (Math.sqrt(vi) + u.epsilon()));
        }
    }
}
