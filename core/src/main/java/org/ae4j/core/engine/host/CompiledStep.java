package org.ae4j.core.engine.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.memory.OffHeap;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseTransformOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.MulBpOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph's forward and backward pass for one fixed set of placeholder shapes, run op by op into
 * arrays allocated once. SameDiff's own executor allocates every intermediate array and does per-op
 * bookkeeping at each call; for small models that, not arithmetic, is most of a training step. The graph
 * stays the model's definition: this runs the very ops of SameDiff's gradient function, in dependency order,
 * each with an {@link OpContext} built once, and skips the ops the requested values do not need.
 *
 * <p>Rewrites, all exact: matrix products and their backward ops ({@code MmulBp}) call GEMM directly ({@link Blas},
 * cut into blocks for ae4j's threads; a weight taller than the batch keeps each row block on one thread, see
 * {@link #rowOwned()}), in the faster of two memory layouts for their shapes, and skip an input
 * gradient nobody reads (the first layer's, d loss / d x); a sum's backward passes its gradient on without copying
 * (a bias's is its column sums, or a product with ones); a bias add, ReLU and ReLU's backward are one pass each
 * ({@link RowPasses}) where ND4J takes one or two; 2-D convolutions and their backward ops are one GEMM each over the
 * batch ({@link ConvKernels}); an op that repeats an earlier one on the same inputs (SameDiff's
 * backward recomputes {@code exp}, for one) reuses its result. Every array is row-major: an elementwise op on
 * arrays of mixed orders ran 20 times slower.
 *
 * <p>A {@link FusedTerm} may stand in for a loss term's ops, forward and backward, with Java code that makes one
 * pass where the ops make many.
 *
 * <p>{@link #compile} checks the first run against SameDiff's own {@code calculateGradientsAndOutputs} on
 * the same feed and refuses a graph whose values differ beyond rounding. Parameters are read in place, so an
 * optimizer that updates the graph's variable arrays is seen by the next {@link #run}. Not thread-safe; one
 * instance per graph and batch shape.
 */
public final class CompiledStep implements GradientPass {
    /** Relative disagreement allowed over a whole array (see {@link #disagreement}): float, then double. */
    private static final double FLOAT_TOLERANCE = 1e-3;
    private static final double DOUBLE_TOLERANCE = 1e-8;

    private final Map<String, INDArray> placeholders;
    private final Map<String, INDArray> values;
    private final List<Runnable> program;
    private final List<String> labels;
    private final List<String> outputs;
    private final Map<String, String> gradientNames;
    private final Map<SDVariable, INDArray> readInPlace;
    private final Set<String> rowOwned;

    private CompiledStep(Map<String, INDArray> placeholders, Map<String, INDArray> values, List<Runnable> program,
                         List<String> labels, List<String> outputs, Map<String, String> gradientNames,
                         Map<SDVariable, INDArray> readInPlace, Set<String> rowOwned) {
        this.labels = labels;
        this.rowOwned = rowOwned;
        this.readInPlace = readInPlace;
        this.placeholders = placeholders;
        this.values = values;
        this.program = program;
        this.outputs = outputs;
        this.gradientNames = gradientNames;
    }

    /**
     * Compiles the step that computes {@code outputs} and the gradients of the graph's loss with respect to
     * {@code parameters}, for placeholders shaped like those of {@code feed}.
     *
     * @param feed an example feed: one array per placeholder the outputs need; its values are used for the check
     * @throws IllegalStateException when the compiled step disagrees with SameDiff on {@code feed}
     */
    public static CompiledStep compile(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
                                       List<String> parameters) {
        return compile(sd, feed, outputs, parameters, List.of());
    }

    /**
     * As {@link #compile(SameDiff, Map, List, List)}, with each of {@code fused} computed by its Java code in place
     * of its ops, forward and backward; the check against SameDiff covers them.
     *
     * @throws IllegalArgumentException when a fused term's ops read or leak more than its contract allows
     */
    public static CompiledStep compile(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
                                       List<String> parameters, List<FusedTerm> fused) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to differentiate; use compileForward for outputs alone");
        }
        // SameDiff's own pass creates its gradient function and gives the values to check against.
        OutAndGrad reference = sd.calculateGradientsAndOutputs(feed, outputs, parameters);
        SameDiff g = sd.getFunction("grad");
        Map<String, String> gradientNames = new LinkedHashMap<>();
        for (String p : parameters) {
            SDVariable grad = sd.grad(p);
            if (grad == null) {
                throw new IllegalStateException("no gradient for parameter '" + p + "': it does not influence the loss");
            }
            gradientNames.put(p, grad.name());
        }
        Map<String, INDArray> wantGradients = new LinkedHashMap<>();
        reference.getGradients().forEach((p, a) -> wantGradients.put(gradientNames.get(p), a));
        Map<String, Node> fusedNodes = new HashMap<>();
        for (FusedTerm term : fused) {
            checkFusable(sd, term);
            SDVariable inGrad = sd.grad(term.input());
            SDVariable outGrad = sd.grad(term.output());
            if (inGrad == null || outGrad == null) {
                throw new IllegalArgumentException("fused term '" + term.output() + "' is not on the loss's gradient path");
            }
            List<String> in = new ArrayList<>(List.of(term.input()));
            in.addAll(term.reads());
            fusedNodes.put(term.output(), new Node("fused " + term.output(), in, List.of(term.output()), null, term));
            fusedNodes.put(inGrad.name(), new Node("fused " + term.output() + " backward",
                    List.of(outGrad.name(), term.output()), List.of(inGrad.name()), null, term));
        }
        return build(g, feed, outputs, gradientNames, reference.getOutputs(), wantGradients, fusedNodes);
    }

    /**
     * Compiles the forward pass alone: {@code outputs} for placeholders shaped like those of {@code feed}, as
     * SameDiff's {@code output} computes them (held-out evaluation, inference). Checked like {@link #compile}.
     */
    public static CompiledStep compileForward(SameDiff sd, Map<String, INDArray> feed, List<String> outputs) {
        Map<String, INDArray> reference = sd.output(feed, outputs.toArray(String[]::new));
        try {
            return build(sd, feed, outputs, Map.of(), reference, Map.of(), Map.of());
        } finally {
            OffHeap.release(reference.values());
        }
    }

    private static CompiledStep build(SameDiff g, Map<String, INDArray> feed, List<String> outputs,
                                      Map<String, String> gradientNames, Map<String, INDArray> wantOutputs,
                                      Map<String, INDArray> wantGradients, Map<String, Node> fused) {
        List<String> targets = new ArrayList<>(outputs);
        targets.addAll(gradientNames.values());
        List<Node> nodes = schedule(g, targets, fused);

        Map<String, INDArray> placeholders = new LinkedHashMap<>();
        Map<String, INDArray> values = new HashMap<>();
        for (Map.Entry<String, INDArray> e : feed.entrySet()) {
            INDArray buffer = Nd4j.createUninitialized(e.getValue().dataType(), e.getValue().shape(), 'c');
            buffer.assign(e.getValue());
            placeholders.put(e.getKey(), buffer);
            values.put(e.getKey(), buffer);
        }
        Set<String> read = new HashSet<>(targets);
        for (Node node : nodes) {
            read.addAll(node.inputs());
        }
        OpExecutioner exec = Nd4j.getExecutioner();
        List<Runnable> program = new ArrayList<>();
        Map<SDVariable, INDArray> readInPlace = new LinkedHashMap<>();
        Map<String, List<String>> computed = new HashMap<>(); // op signature -> its outputs' names
        Map<INDArray, Integer> arrayIds = new IdentityHashMap<>();
        List<String> labels = new ArrayList<>(); // "name (op [input shapes])" for profiles
        Map<String, RowCopies> rowCopies = new LinkedHashMap<>(); // row-owned weights, each thread's rows copied
        Map<INDArray, Map<ConvKernels.Geometry, INDArray>> convColumns = new IdentityHashMap<>();
        Map<INDArray, INDArray> tanhOf = new IdentityHashMap<>(); // x -> tanh(x), for tanh's backward
        for (Node node : nodes) {
            if (node.op() == null) {
                labels.add(node.name() + " (" + node.term().getClass().getSimpleName() + ")");
                program.add(prepareFused(g, node, values));
                program.get(program.size() - 1).run();
                continue;
            }
            SameDiffOp op = node.op();
            String signature = signature(op, values, arrayIds);
            List<String> same = signature == null ? null : computed.get(signature);
            if (same != null) {
                // Computed before with the same inputs: SameDiff's backward recomputes forward values (exp's
                // derivative is exp again, over all N² entries of a graph decoder); reuse them.
                for (int i = 0; i < same.size(); i++) {
                    values.put(op.getOutputsOfOp().get(i), values.get(same.get(i)));
                }
                continue;
            }
            if (signature != null) {
                computed.put(signature, op.getOutputsOfOp());
            }
            List<INDArray> in = new ArrayList<>();
            for (String name : op.getInputsToOp()) {
                INDArray a = value(g, values, name, op.getName());
                if (!values.containsKey(name)) {
                    readInPlace.put(g.getVariable(name), a);
                }
                in.add(a);
            }
            labels.add(op.getName() + " (" + op.getOp().opName() + " " + String.join(" ",
                    in.stream().map(a -> Arrays.toString(a.shape())).toList()) + ")");
            program.add(prepare(op, in, values, read, exec, gradientNames.keySet(), rowCopies, convColumns, tanhOf));
            program.get(program.size() - 1).run();
        }
        if (!rowCopies.isEmpty()) {
            // Each run first copies the current weights (the optimizer's update, or anyone's) into the row copies.
            program.add(0, RowCopies.refresh(List.copyOf(rowCopies.values())));
            labels.add(0, "row copies of " + rowCopies.keySet() + " (refresh)");
        }
        CompiledStep step = new CompiledStep(placeholders, values, program, labels, List.copyOf(outputs), gradientNames,
                readInPlace, Set.copyOf(rowCopies.keySet()));
        step.check(wantOutputs, wantGradients);
        return step;
    }

    /** The array to write this placeholder's next values into before {@link #run}. */
    public INDArray placeholder(String name) {
        INDArray a = placeholders.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no placeholder '" + name + "' in this step; it has " + placeholders.keySet());
        }
        return a;
    }

    /** Runs the forward and backward pass on the current placeholder and parameter values. */
    public void run() {
        readInPlace.forEach((v, a) -> {
            if (v.getArr() != a) {
                throw new IllegalStateException("variable '" + v.name() + "' was given a new array after this step was"
                        + " compiled; assign values into the existing array, or compile again");
            }
        });
        for (Runnable r : program) {
            r.run();
        }
    }

    /**
     * Whether every variable it reads in place still holds the array it was compiled with; {@link #run} refuses to
     * run otherwise.
     */
    public boolean parametersInPlace() {
        return readInPlace.entrySet().stream().allMatch(e -> e.getKey().getArr() == e.getValue());
    }

    /** An output's value after the last {@link #run}: the step's own array, overwritten by the next run. */
    public INDArray output(String name) {
        if (!outputs.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not an output of this step: " + outputs);
        }
        return values.get(name);
    }

    /** The gradient of the loss with respect to a parameter after the last {@link #run}; overwritten by the next. */
    public INDArray gradient(String parameter) {
        String name = gradientNames.get(parameter);
        if (name == null) {
            throw new IllegalArgumentException("no gradient of '" + parameter + "' in this step");
        }
        return values.get(name);
    }

    /**
     * The parameters whose row blocks ({@link Blas#blocks}) this step's products keep on one thread each (see
     * {@code rowOwned(a, b, ta, tb)}): an optimizer that updates block t on thread t keeps their cache lines in one
     * core.
     */
    @Override
    public Set<String> rowOwned() {
        return rowOwned;
    }

    /** The gradients of all parameters after the last {@link #run}, keyed by parameter name. */
    public Map<String, INDArray> gradients() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        gradientNames.forEach((p, g) -> out.put(p, values.get(g)));
        return out;
    }

    /**
     * Where a run's time goes: each op's mean wall time over {@code runs} runs, in microseconds, slowest first,
     * keyed by "graph name (op [input shapes])". The runs compute what {@link #run} computes.
     */
    public Map<String, Double> profile(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("need at least one run, got " + runs);
        }
        double[] micros = new double[program.size()];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < micros.length; i++) {
                long t = System.nanoTime();
                program.get(i).run();
                micros[i] += (System.nanoTime() - t) / 1e3 / runs;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        java.util.stream.IntStream.range(0, micros.length).boxed()
                .sorted((a, b) -> Double.compare(micros[b], micros[a]))
                .forEach(i -> out.merge(labels.get(i), micros[i], Double::sum));
        return out;
    }

    /** Number of ops one {@link #run} executes. */
    public int size() {
        return program.size();
    }

    private void check(Map<String, INDArray> wantOutputs, Map<String, INDArray> wantGradients) {
        List<String> bad = new ArrayList<>();
        wantOutputs.forEach((name, want) -> compare(name, want, values.get(name), bad));
        wantGradients.forEach((name, want) -> compare(name, want, values.get(name), bad));
        if (!bad.isEmpty()) {
            throw new IllegalStateException("the compiled step disagrees with SameDiff on " + String.join(", ", bad));
        }
    }

    private static void compare(String what, INDArray want, INDArray got, List<String> bad) {
        String reason = disagreement(want, got);
        if (reason != null) {
            bad.add(what + " (" + reason + ")");
        }
    }

    /**
     * Why {@code got} is not {@code want} up to rounding, or null when it is: same shape, non-finite values in the
     * same number of places, and {@code ‖got − want‖₂ ≤ tol · max(1, ‖want‖₂)} with tol 1e-3 in float, 1e-8 in
     * double. Over the whole array rather than entry by entry: where the two passes sum in different orders, a
     * ReLU input that rounds to the other side of 0 in one of them changes one unit's gradient entries by that
     * example's whole share. Measured on a 784-1000-500-250-30 auto-encoder at a batch of 128 uniform random
     * images: 2e-4 of the largest entry (an entrywise rule at 1e-4 refused the step, and the run fell back to
     * SameDiff's executor), 5e-5 over the array; rounding alone gave 2e-7. A wrong rewrite changes whole rows,
     * columns or blocks.
     */
    static String disagreement(INDArray want, INDArray got) {
        if (got == null || !Arrays.equals(want.shape(), got.shape())) {
            return "shape " + (got == null ? "missing" : Arrays.toString(got.shape())) + " vs "
                    + Arrays.toString(want.shape());
        }
        long wantNaN = count(want.isNaN());
        long wantInf = count(want.isInfinite());
        if (wantNaN + wantInf > 0) { // a non-finite feed: both must say so, in the same number of places
            boolean same = count(got.isNaN()) == wantNaN && count(got.isInfinite()) == wantInf;
            return same ? null : "non-finite in different places";
        }
        double tolerance = want.dataType() == DataType.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
        double norm = want.norm2Number().doubleValue();
        INDArray diff = want.sub(got);
        double distance = diff.norm2Number().doubleValue();
        if (distance <= tolerance * Math.max(1, norm)) {
            return null;
        }
        return String.format("norm of the difference %.3g, of SameDiff's value %.4g; largest entry difference %.3g",
                distance, norm, diff.amaxNumber().doubleValue());
    }

    private static long count(INDArray mask) {
        return mask.castTo(DataType.INT).sumNumber().longValue();
    }

    /**
     * One step of the program: an op of the graph, or a half of a fused term ({@code op} null): its forward, which
     * computes the term's output from its input, or its backward, which computes the input's gradient.
     */
    private record Node(String name, List<String> inputs, List<String> outputs, SameDiffOp op, FusedTerm term) {
        static Node of(SameDiffOp op) {
            List<String> in = op.getInputsToOp();
            return new Node(op.getName(), in == null ? List.of() : in, op.getOutputsOfOp(), op, null);
        }
    }

    /**
     * The steps the targets depend on, each after the steps that produce its inputs; a variable in {@code fused}
     * comes from that fused step rather than from the op that computes it in the graph.
     */
    private static List<Node> schedule(SameDiff g, List<String> targets, Map<String, Node> fused) {
        Map<String, Node> nodes = new HashMap<>();
        g.getOps().forEach((name, op) -> nodes.put(name, Node.of(op)));
        fused.values().forEach(n -> nodes.put(n.name(), n));
        List<Node> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        for (String t : targets) {
            String producer = producer(g, t, fused);
            if (producer != null) {
                stack.push(new Object[] {producer, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                String name = (String) frame[0];
                if (done.contains(name)) {
                    stack.pop();
                    continue;
                }
                visiting.add(name);
                List<String> inputs = nodes.get(name).inputs();
                int i = (int) frame[1];
                if (i < inputs.size()) {
                    frame[1] = i + 1;
                    String p = producer(g, inputs.get(i), fused);
                    if (p != null && !done.contains(p)) {
                        if (visiting.contains(p)) {
                            throw new IllegalStateException("the graph has a cycle through op '" + p + "'");
                        }
                        stack.push(new Object[] {p, 0});
                    }
                } else {
                    stack.pop();
                    visiting.remove(name);
                    done.add(name);
                    order.add(nodes.get(name));
                }
            }
        }
        return order;
    }

    private static String producer(SameDiff g, String variable, Map<String, Node> fused) {
        Node f = fused.get(variable);
        if (f != null) {
            return f.name();
        }
        Variable v = g.getVariables().get(variable);
        if (v == null) {
            throw new IllegalStateException("the gradient function has no variable '" + variable + "'");
        }
        return v.getOutputOfOp();
    }

    /**
     * Refuses a fused term whose ops (those on a path from its input to its output in the forward graph) or reads
     * take a value that a parameter influences, other than the input, or whose input or intermediate values are
     * also read by other ops on the loss's path: the compiled step gives the input only the term's gradient.
     */
    private static void checkFusable(SameDiff sd, FusedTerm term) {
        Map<String, Variable> vars = sd.getVariables();
        for (String name : List.of(term.input(), term.output())) {
            if (!vars.containsKey(name)) {
                throw new IllegalArgumentException("fused term '" + term.output() + "': the graph has no variable '"
                        + name + "'");
            }
        }
        Set<String> downstream = new HashSet<>(); // ops that read the input, directly or not
        Deque<String> todo = new ArrayDeque<>(List.of(term.input()));
        while (!todo.isEmpty()) {
            List<String> readers = vars.get(todo.pop()).getInputsForOp();
            for (String op : readers == null ? List.<String>of() : readers) {
                if (downstream.add(op)) {
                    todo.addAll(sd.getOps().get(op).getOutputsOfOp());
                }
            }
        }
        Set<String> region = opsBehind(sd, List.of(term.output()), downstream::contains); // of those, the output's
        if (region.isEmpty()) {
            throw new IllegalArgumentException("fused term '" + term.output() + "' does not depend on '"
                    + term.input() + "'");
        }
        Set<String> inside = new HashSet<>(List.of(term.input()));
        region.forEach(op -> inside.addAll(sd.getOps().get(op).getOutputsOfOp()));
        Set<String> read = new HashSet<>(term.reads());
        region.forEach(op -> read.addAll(sd.getOps().get(op).getInputsToOp()));
        read.removeAll(inside);
        for (String in : read) {
            String parameter = parameterBehind(sd, in);
            if (parameter != null) {
                throw new IllegalArgumentException("fused term '" + term.output() + "' reads '" + in + "', which "
                        + (parameter.equals(in) ? "is a parameter" : "depends on the parameter '" + parameter + "'")
                        + ": only its input '" + term.input() + "' may carry gradient");
            }
        }
        Set<String> lossPath = opsBehind(sd, sd.getLossVariables(), op -> true); // only they pass gradient back
        for (String v : inside) {
            List<String> readers = vars.get(v).getInputsForOp();
            for (String op : readers == null || v.equals(term.output()) ? List.<String>of() : readers) {
                if (!region.contains(op) && lossPath.contains(op)) {
                    throw new IllegalArgumentException("fused term '" + term.output() + "': '" + v
                            + "' is also read by op '" + op + "' outside the term");
                }
            }
        }
    }

    /** A trainable variable that {@code name} is or depends on, or null when none influences it. */
    private static String parameterBehind(SameDiff sd, String name) {
        List<String> candidates = new ArrayList<>(List.of(name));
        opsBehind(sd, List.of(name), op -> true).forEach(op -> candidates.addAll(sd.getOps().get(op).getInputsToOp()));
        return candidates.stream().filter(v -> sd.getVariable(v).getVariableType() == VariableType.VARIABLE)
                .findFirst().orElse(null);
    }

    /** The ops that compute {@code variables}, directly or through other ops, stopping at ops {@code within} refuses. */
    private static Set<String> opsBehind(SameDiff sd, List<String> variables, java.util.function.Predicate<String> within) {
        Set<String> ops = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(variables);
        while (!todo.isEmpty()) {
            String op = sd.getVariables().get(todo.pop()).getOutputOfOp();
            if (op != null && within.test(op) && ops.add(op)) {
                todo.addAll(sd.getOps().get(op).getInputsToOp());
            }
        }
        return ops;
    }

    /** The action for a fused step, its output allocated once: a scalar forward, or the input's gradient. */
    private static Runnable prepareFused(SameDiff g, Node node, Map<String, INDArray> values) {
        FusedTerm term = node.term();
        INDArray input = value(g, values, term.input(), node.name());
        if (node.outputs().get(0).equals(term.output())) {
            List<INDArray> reads = term.reads().stream().map(r -> value(g, values, r, node.name())).toList();
            INDArray out = Nd4j.scalar(input.dataType(), 0.0);
            values.put(term.output(), out);
            return () -> out.putScalar(0, term.forward(input, reads));
        }
        INDArray upstream = value(g, values, node.inputs().get(0), node.name()); // a constant 1 for the loss itself
        INDArray gradient = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
        values.put(node.outputs().get(0), gradient);
        return () -> term.backward(upstream.getDouble(0), gradient);
    }

    private static INDArray value(SameDiff g, Map<String, INDArray> values, String name, String reader) {
        INDArray a = values.get(name);
        if (a != null) {
            return a;
        }
        SDVariable v = g.getVariable(name);
        if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
            return v.getArr(); // read in place: the optimizer's updates are seen by the next run
        }
        throw new IllegalStateException("op '" + reader + "' reads '" + name + "' (" + v.getVariableType()
                + "), which has no value: a placeholder missing from the feed?");
    }

    /**
     * What makes two ops compute the same values: the op, its arguments and its input arrays; {@code null} for
     * ops that may not be merged (random ones, and legacy ops whose arguments live outside the argument lists).
     */
    private static String signature(SameDiffOp sdOp, Map<String, INDArray> values, Map<INDArray, Integer> ids) {
        DifferentialFunction f = sdOp.getOp();
        StringBuilder key = new StringBuilder(f.getClass().getName()).append('|').append(f.opName());
        if (f instanceof CustomOp c) {
            key.append('|').append(Arrays.toString(c.iArgs())).append(Arrays.toString(c.tArgs()))
                    .append(Arrays.toString(c.bArgs())).append(Arrays.toString(c.dArgs()));
        } else if (!(f instanceof BaseTransformOp t) || (t.extraArgs() != null && t.extraArgs().length > 0)) {
            return null;
        }
        if (f instanceof RandomOp || f.getClass().getName().contains(".random.")) {
            return null;
        }
        for (String name : sdOp.getInputsToOp()) {
            INDArray a = values.get(name); // an input merged before resolves to the array it shares
            key.append('|').append(a == null ? name : "@" + ids.computeIfAbsent(a, k -> ids.size()));
        }
        return key.toString();
    }

    /** Allocates the op's outputs, binds its context, and returns the action that runs it. */
    private static Runnable prepare(SameDiffOp sdOp, List<INDArray> in, Map<String, INDArray> values, Set<String> read,
                                    OpExecutioner exec, Set<String> parameters, Map<String, RowCopies> rowCopies,
                                    Map<INDArray, Map<ConvKernels.Geometry, INDArray>> convColumns,
                                    Map<INDArray, INDArray> tanhOf) {
        DifferentialFunction f = sdOp.getOp();
        List<String> outNames = sdOp.getOutputsOfOp();
        if (f instanceof MmulBp bp && plainMatrixProduct(bp.iArgs(), in)) {
            // C = op(A) · op(B): dA = dC · op(B)ᵀ (or op(B) · dCᵀ when A is transposed), dB = op(A)ᵀ · dC (or
            // dCᵀ · op(A)); a gradient nobody reads (d loss / d x of the first layer) is not computed.
            boolean ta = transposed(bp.iArgs(), 0);
            boolean tb = transposed(bp.iArgs(), 1);
            INDArray a = in.get(0);
            INDArray b = in.get(1);
            INDArray dc = in.get(2);
            // A weight whose rows each thread keeps (see rowOwned): its gradient is cut by those rows, and
            // dA = dC · Bᵀ by the matching columns of dA, each thread reading only its own rows.
            RowCopies owned = rowCopies.get(sdOp.getInputsToOp().get(1));
            List<Runnable> parts = new ArrayList<>();
            if (read.contains(outNames.get(0))) {
                INDArray da = matrix(a);
                values.put(outNames.get(0), da);
                parts.add(ta ? gemm(b, dc, da, tb, true)
                        : owned != null && !tb ? gemm(dc, b, da, false, true, Blas.Cut.COLUMNS, owned)
                        : gemm(dc, b, da, false, !tb));
            }
            INDArray db = matrix(b);
            values.put(outNames.get(1), db);
            parts.add(tb ? gemm(dc, a, db, true, ta)
                    : gemm(a, dc, db, !ta, false, owned != null ? Blas.Cut.ROWS : Blas.Cut.LONGER, null));
            return () -> parts.forEach(Runnable::run);
        }
        if (f instanceof AddBpOp && matrixPlusMatrixOrRow(in)) {
            // d(a + b)/da = 1: dA is dC itself; dB is dC too, or its column sums for a broadcast row (a bias) as
            // a product with ones, where ND4J's add_bp copies and reduces (126 us for a [128, 784] bias).
            INDArray b = in.get(1);
            INDArray dc = in.get(2);
            values.put(outNames.get(0), dc);
            if (Arrays.equals(b.shape(), dc.shape())) {
                values.put(outNames.get(1), dc);
                return () -> { };
            }
            INDArray db = Nd4j.createUninitialized(dc.dataType(), b.shape(), 'c');
            values.put(outNames.get(1), db);
            Runnable sums = RowPasses.columnSums(dc, db);
            return sums != null ? sums : gemm(Nd4j.ones(dc.dataType(), 1, dc.rows()), dc, db, false, false);
        }
        if (f instanceof Mmul mm && plainMatrixProduct(mm.iArgs(), in)) {
            boolean ta = transposed(mm.iArgs(), 0);
            boolean tb = transposed(mm.iArgs(), 1);
            INDArray a = in.get(0);
            INDArray b = in.get(1);
            INDArray c = Nd4j.createUninitialized(a.dataType(),
                    new long[] {ta ? a.columns() : a.rows(), tb ? b.rows() : b.columns()}, 'c');
            values.put(outNames.get(0), c);
            String weight = sdOp.getInputsToOp().get(1);
            if (parameters.contains(weight) && rowOwned(a, b, ta, tb)) {
                RowCopies copies = rowCopies.computeIfAbsent(weight, w -> RowCopies.of(b));
                return gemm(a, b, c, ta, tb, Blas.Cut.INNER, copies);
            }
            return gemm(a, b, c, ta, tb);
        }
        if (f instanceof AddOp && in.size() == 2) {
            // A bias added to every row (RowPasses checks the shapes): one pass shared among threads, where ND4J's
            // broadcast add took 114 us on [128, 1000].
            INDArray out = Nd4j.createUninitialized(in.get(0).dataType(), in.get(0).shape(), 'c');
            Runnable pass = RowPasses.addRow(in.get(0), in.get(1), out);
            if (pass != null) {
                values.put(outNames.get(0), out);
                return pass;
            }
        }
        if (f instanceof RectifiedLinear relu && relu.scalar() != null && relu.scalar().getDouble(0) == 0) {
            INDArray out = Nd4j.createUninitialized(in.get(0).dataType(), in.get(0).shape(), 'c');
            Runnable pass = RowPasses.relu(in.get(0), out);
            if (pass != null) {
                values.put(outNames.get(0), out);
                return pass;
            }
        }
        if (f instanceof ThresholdReluBp && Arrays.equals(((CustomOp) f).tArgs(), new double[] {0})) {
            // ReLU's backward, dx = dy · [x > 0], as a step and a product: 33 instead of 225 us on [128, 400].
            INDArray x = in.get(0);
            INDArray dy = in.get(1);
            INDArray dx = Nd4j.createUninitialized(dy.dataType(), dy.shape(), 'c');
            values.put(outNames.get(0), dx);
            Runnable vectorized = RowPasses.reluBackward(x, dy, dx); // one pass, shared among threads
            if (vectorized != null) {
                return vectorized;
            }
            return () -> {
                exec.exec(new Step(x, dx));
                exec.exec(new MulOp(dx, dy, dx));
            };
        }
        if (f instanceof TanhDerivative && in.size() == 2 && tanhOf.containsKey(in.get(0))) {
            // tanh's backward from the forward's y = tanh(x), dy · (1 − y²), where ND4J's tanh_bp computes tanh(x)
            // again: 4.2 ms instead of a few µs on [500, 200] (IWAE's decoder, k = 5).
            INDArray dy = in.get(1);
            INDArray dx = Nd4j.createUninitialized(dy.dataType(), dy.shape(), 'c');
            Runnable pass = RowPasses.tanhBackward(tanhOf.get(in.get(0)), dy, dx);
            if (pass != null) {
                values.put(outNames.get(0), dx);
                return pass;
            }
        }
        if (f instanceof MulBpOp && in.size() == 3) {
            // ND4J's multiply_bp took 2.9 ms for σ [100, 1, 50] times ε [100, 5, 50], and 0.8 ms on [500, 50].
            INDArray a = in.get(0);
            INDArray b = in.get(1);
            INDArray dc = in.get(2);
            INDArray da = Nd4j.createUninitialized(a.dataType(), a.shape(), 'c');
            INDArray db = Nd4j.createUninitialized(b.dataType(), b.shape(), 'c');
            Runnable pass = RowPasses.multiplyBackward(a, b, dc, da, db);
            if (pass == null) {
                pass = RowPasses.multiplyBackward(b, a, dc, db, da);
            }
            if (pass != null) {
                values.put(outNames.get(0), da);
                values.put(outNames.get(1), db);
                return pass;
            }
        }
        OpContext ctx = exec.buildContext();
        ctx.setInputArrays(in);
        if (f instanceof CustomOp c) {
            ctx.setIArguments(c.iArgs());
            ctx.setTArguments(c.tArgs());
            ctx.setBArguments(c.bArgs());
            ctx.setDArguments(c.dArgs());
            List<org.nd4j.linalg.api.shape.LongShapeDescriptor> shapes = exec.calculateOutputShape(c, ctx);
            INDArray[] out = new INDArray[shapes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = allocate(shapes.get(i));
                values.put(outNames.get(i), out[i]);
            }
            boolean[] outRead = new boolean[out.length];
            for (int i = 0; i < out.length; i++) {
                outRead[i] = read.contains(outNames.get(i));
            }
            Runnable conv = ConvKernels.of(c.opName(), c.iArgs(), in, out, outRead, convColumns);
            if (conv != null) {
                return conv;
            }
            Runnable segments = SegmentKernels.of(c.opName(), in, out);
            if (segments != null) {
                return segments;
            }
            ctx.setOutputArrays(out);
            return () -> exec.exec(c, ctx);
        }
        Op op = (Op) f;
        List<org.nd4j.linalg.api.shape.LongShapeDescriptor> shapes = f.calculateOutputShape(ctx);
        INDArray out = allocate(shapes.get(0));
        values.put(outNames.get(0), out);
        if (f instanceof Tanh && in.size() == 1) {
            tanhOf.put(in.get(0), out);
        }
        ctx.setOutputArrays(out);
        return () -> exec.exec(op, ctx);
    }

    /**
     * Whether the weight B of {@code op(A) · B} stays cut by its rows among the threads: B untransposed, the
     * product split, and B's rows (the layer's inputs) more than the result's rows (the batch). Thread t then
     * reads and writes only B's row block t ({@link Blas#blocks}), contiguous memory, in the forward product (cut
     * along its inner dimension into partial sums), the input gradient, the weight gradient and the optimizer's
     * update, so no weight line moves between cores; batch-sized activations move instead, which are smaller
     * whenever B is taller than the batch. With the weights shared, a host that placed the two vCPUs on distant
     * cores made Adam's update of a 784-400-20 VAE 8 times slower (1.88 vs 0.23 ms, docs/performance.md). The products
     * read each thread's rows from its {@link RowCopies}, refreshed at the start of each run: oneDNN reads past the
     * end of the rows it is given.
     */
    private static boolean rowOwned(INDArray a, INDArray b, boolean ta, boolean tb) {
        long rows = ta ? a.columns() : a.rows();
        return !tb && b.rows() > rows && Blas.splits(rows, b.columns(), b.rows());
    }

    /** Every array row-major: an elementwise op on mixed orders ran 20 times slower (475 vs 25 us on [128, 400]). */
    private static INDArray allocate(org.nd4j.linalg.api.shape.LongShapeDescriptor d) {
        return Nd4j.createUninitialized(d.dataType(), d.getShape(), 'c');
    }

    /** A product of two matrices, either transposed, into an untransposed result (Mmul's {@code transposeZ} unset). */
    private static boolean plainMatrixProduct(long[] iArgs, List<INDArray> in) {
        return (iArgs.length == 0 || iArgs.length >= 3 && iArgs[2] == 0) && in.get(0).rank() == 2 && in.get(1).rank() == 2;
    }

    /** Inputs a [m, n], b [m, n] or [1, n], dC [m, n]. */
    private static boolean matrixPlusMatrixOrRow(List<INDArray> in) {
        if (in.size() != 3) {
            return false;
        }
        INDArray a = in.get(0);
        INDArray b = in.get(1);
        INDArray dc = in.get(2);
        return a.rank() == 2 && b.rank() == 2 && Arrays.equals(a.shape(), dc.shape()) && b.columns() == dc.columns()
                && (b.rows() == dc.rows() || b.rows() == 1);
    }

    private static boolean transposed(long[] iArgs, int which) {
        return iArgs.length > which && iArgs[which] != 0;
    }

    private static INDArray matrix(INDArray like) {
        return Nd4j.createUninitialized(like.dataType(), like.shape(), 'c');
    }

    /**
     * {@code c = op(a) · op(b)}, by GEMM into {@code c} or, for a transposed first operand with a long inner
     * dimension and a narrow result, into a column-major buffer copied into {@code c}: ND4J's GEMM into a
     * row-major result ran at half speed on [2708, 2708]ᵀ · [2708, 32] (13 vs 6.4 ms with the copy) but at full
     * speed on [128, 784]ᵀ · [128, 400]. A fixed rule rather than a timing at compile: the two forms round
     * differently, and a resumed run must compute exactly what an uninterrupted one does.
     */
    private static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
        return gemm(a, b, c, ta, tb, Blas.Cut.LONGER, null);
    }

    private static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, Blas.Cut cut,
                                 RowCopies bRows) {
        long inner = ta ? a.rows() : a.columns();
        if (cut == Blas.Cut.LONGER && ta && !tb && inner >= 1024 && c.columns() <= 64) {
            INDArray columnMajor = Nd4j.createUninitialized(c.dataType(), c.shape(), 'f');
            Runnable product = Blas.gemm(a, b, columnMajor, ta, tb);
            return () -> {
                product.run();
                c.assign(columnMajor);
            };
        }
        return Blas.gemm(a, b, c, ta, tb, cut, bRows);
    }
}
