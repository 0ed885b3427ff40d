package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Layer {@code k} of a torch {@code nn.LSTM} or {@code nn.GRU} ({@code batch_first}), uni- or bidirectional,
 * computed cell by cell so that every gate is at hand for relevance propagation. Padding is handled by holding
 * the state over padded steps, so a forward direction's last state is its state at the last real word and a
 * backward direction starts at the last real word.
 *
 * <p>Cost: the input projection of every step is one matrix product before the loop, and the per-step slices come
 * from one split; inside the loop only the recurrent product and the gate arithmetic remain, and the state is held
 * only at steps where some text of the batch is padding (none, in a batch of equal lengths).
 */
public record RecurrentLayer(String name, Cell cell, int index, boolean bidirectional, int inputSize, int hiddenSize)
        implements Layer {
    public enum Cell {
        LSTM(4), GRU(3);

        /** Gate blocks stacked in the weight matrices: i,f,g,o for LSTM and r,z,n for GRU. */
        final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }

        public int gates() {
            return gates;
        }
    }

    /** torch's parameter name, e.g. {@code lstm.weight_ih_l0_reverse}. */
    public String parameterName(String kind, boolean reverse) {
        return cell.prefix() + "." + kind + "_l" + index + (reverse ? "_reverse" : "");
    }

    /** Per direction: weight_ih, weight_hh, bias_ih, bias_hh (torch's order). */
    @Override
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < directions(); d++) {
            for (String kind : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                out.add(parameterName(kind, d == 1));
            }
        }
        return List.copyOf(out);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    @Override
    public RecurrentStep forward(NDArray input, ForwardContext context) {
        NDArray mask = context.batch().mask();
        int steps = (int) input.getShape().get(1);
        StepPadding padding = StepPadding.of(context.batch(), steps);
        List<DirectionTrace> traces = new ArrayList<>();
        NDList outputs = new NDList();
        for (int d = 0; d < directions(); d++) {
            boolean reverse = d == 1;
            NDArray[] h = new NDArray[steps];
            traces.add(cell == Cell.LSTM
                    ? lstm(input, padding, reverse, context, h)
                    : gru(input, padding, reverse, context, h));
            outputs.add(h.length == 1 ? h[0] : NDArrays.concat(new NDList(h), 1));
        }
        NDArray output = outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 2);
        return new RecurrentStep(this, input, mask, padding, traces, output);
    }

    /** Splits {@code [B,T,X]} into T arrays {@code [B,1,X]}. */
    public static NDArray[] steps(NDArray a, int steps) {
        return steps == 1 ? new NDArray[] {a} : a.split(steps, 1).toArray(new NDArray[0]);
    }

    private NDArray weightT(Parameters p, String kind, boolean reverse, ForwardContext ctx) {
        String n = parameterName(kind, reverse);
        return p.derived(n + ".T", ctx.dtype(), () -> p.get(n, ctx.dtype()).transpose());
    }

    private DirectionTrace.Lstm lstm(NDArray input, StepPadding padding, boolean reverse, ForwardContext ctx,
            NDArray[] hOut) {
        Parameters p = ctx.parameters();
        NDArray wIh = p.get(parameterName("weight_ih", reverse), ctx.dtype());
        NDArray wHh = p.get(parameterName("weight_hh", reverse), ctx.dtype());
        String bName = parameterName("bias", reverse);
        NDArray bias = p.derived(bName + ".sum", ctx.dtype(), () -> p.get(parameterName("bias_ih", reverse),
                ctx.dtype()).add(p.get(parameterName("bias_hh", reverse), ctx.dtype())));
        int steps = (int) input.getShape().get(1);
        int batch = (int) input.getShape().get(0);
        int hs = hiddenSize;
        NDArray[] xw = steps(input.matMul(weightT(p, "weight_ih", reverse, ctx)).add(bias), steps); // [B,1,4H]
        NDArray wHhT = weightT(p, "weight_hh", reverse, ctx);
        NDArray h = input.getManager().zeros(new Shape(batch, 1, hs), ctx.dtype());
        NDArray c = h;
        NDArray[] hPrev = new NDArray[steps];
        NDArray[] fc = new NDArray[steps];
        NDArray[] ig = new NDArray[steps];
        NDArray[] cNew = new NDArray[steps];
        NDArray[] gPre = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            hPrev[t] = h;
            // A scope per step frees the gates that relevance propagation does not read (i, f, o, tanh(c)) at once:
            // a long text makes tens of thousands of steps, and small tensors cost more in overhead than in data.
            NDArray[] state = {h, c};
            int at = t;
            step(() -> {
                NDList gates = xw[at].add(state[0].matMul(wHhT)).split(4, 2);
                NDArray i = Activation.sigmoid(gates.get(0));
                NDArray f = Activation.sigmoid(gates.get(1));
                NDArray g = gates.get(2).tanh();
                NDArray o = Activation.sigmoid(gates.get(3));
                gPre[at] = gates.get(2);
                fc[at] = f.mul(state[1]);
                ig[at] = i.mul(g);
                cNew[at] = fc[at].add(ig[at]);
                NDArray hNew = o.mul(cNew[at].tanh());
                state[1] = padding.hold(at, cNew[at], state[1]);
                state[0] = padding.hold(at, hNew, state[0]);
                return new NDArray[] {gPre[at], fc[at], ig[at], cNew[at], state[1], state[0]};
            });
            h = state[0];
            c = state[1];
            xw[t].close();
            hOut[t] = h;
        }
        NDArray[] gate = gateBlocks(p, reverse, ctx, 2, bias);
        return new DirectionTrace.Lstm(reverse, hPrev, fc, ig, cNew, gPre, gate[0], gate[1], gate[2]);
    }

    /** Block {@code k} (g for LSTM, n for GRU) of W_ih, W_hh and of {@code bias}, shared like the weights. */
    private NDArray[] gateBlocks(Parameters p, boolean reverse, ForwardContext ctx, int k, NDArray bias) {
        String ih = parameterName("weight_ih", reverse);
        String hh = parameterName("weight_hh", reverse);
        NDArray wI = p.derived(ih + ".block" + k, ctx.dtype(), () -> p.get(ih, ctx.dtype()).split(cell.gates, 0)
                .get(k));
        NDArray wH = p.derived(hh + ".block" + k, ctx.dtype(), () -> p.get(hh, ctx.dtype()).split(cell.gates, 0)
                .get(k));
        String bn = parameterName(cell == Cell.LSTM ? "bias" : "bias_ih", reverse);
        NDArray b = p.derived(bn + ".block" + k, ctx.dtype(), () -> bias.split(cell.gates, 0).get(k));
        return new NDArray[] {wI, wH, b};
    }

    private DirectionTrace.Gru gru(NDArray input, StepPadding padding, boolean reverse, ForwardContext ctx,
            NDArray[] hOut) {
        Parameters p = ctx.parameters();
        NDArray bIh = p.get(parameterName("bias_ih", reverse), ctx.dtype());
        NDArray bHh = p.get(parameterName("bias_hh", reverse), ctx.dtype());
        int steps = (int) input.getShape().get(1);
        int batch = (int) input.getShape().get(0);
        // [B,1,3H] per step: r, z, n input parts with b_i*
        NDArray[] xw = steps(input.matMul(weightT(p, "weight_ih", reverse, ctx)).add(bIh), steps);
        NDArray wHhT = weightT(p, "weight_hh", reverse, ctx);
        NDArray h = input.getManager().zeros(new Shape(batch, 1, hiddenSize), ctx.dtype());
        NDArray[] hPrev = new NDArray[steps];
        NDArray[] rs = new NDArray[steps];
        NDArray[] zh = new NDArray[steps];
        NDArray[] nTerm = new NDArray[steps];
        NDArray[] hNew = new NDArray[steps];
        NDArray[] nPre = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            hPrev[t] = h;
            NDArray[] state = {h};
            int at = t;
            step(() -> { // frees what propagation does not read, as in the LSTM
                NDList xi = xw[at].split(3, 2);
                NDList hh = state[0].matMul(wHhT).add(bHh).split(3, 2);
                NDArray r = Activation.sigmoid(xi.get(0).add(hh.get(0)));
                NDArray z = Activation.sigmoid(xi.get(1).add(hh.get(1)));
                nPre[at] = xi.get(2).add(r.mul(hh.get(2)));
                NDArray n = nPre[at].tanh();
                rs[at] = r;
                nTerm[at] = z.neg().add(1).mul(n);
                zh[at] = z.mul(state[0]);
                hNew[at] = nTerm[at].add(zh[at]);
                state[0] = padding.hold(at, hNew[at], state[0]);
                return new NDArray[] {nPre[at], rs[at], nTerm[at], zh[at], hNew[at], state[0]};
            });
            h = state[0];
            xw[t].close();
            hOut[t] = h;
        }
        NDArray[] gate = gateBlocks(p, reverse, ctx, 2, bIh);
        NDArray bHn = p.derived(parameterName("bias_hh", reverse) + ".block2", ctx.dtype(),
                () -> bHh.split(3, 0).get(2));
        return new DirectionTrace.Gru(reverse, hPrev, rs, zh, nTerm, hNew, nPre, gate[0], gate[1], gate[2], bHn);
    }

    /**
     * Runs one time step in a scope of its own and hands the arrays it returns to the enclosing scope (the batch's,
     * which frees them with the rest of the trace); everything else the step made is freed at once.
     */
    static void step(Supplier<NDArray[]> body) {
        NDArray[] kept;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            kept = body.get();
            NDScope.unregister(kept);
        }
        for (NDArray a : kept) {
            NDScope.register(a);
        }
    }

    /** {@code m ? next : previous}, element-wise with {@code m [B,1]} in {0,1}. */
    static NDArray hold(NDArray m, NDArray next, NDArray previous) {
        return next.mul(m).add(previous.mul(m.neg().add(1)));
    }
}
