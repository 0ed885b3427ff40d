package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer {@code k} of a torch {@code nn.LSTM} or {@code nn.GRU} ({@code batch_first}), uni- or bidirectional,
 * computed cell by cell so that every gate is at hand for relevance propagation. Padding is handled by holding
 * the state over padded steps, so a forward direction's last state is its state at the last real word and a
 * backward direction starts at the last real word.
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
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public int gates() {
            return gates;
        }
    }

    /** torch's parameter name, e.g. {@code lstm.weight_ih_l0_reverse}. */
    public String parameterName(String kind, boolean reverse) {
        return cell.prefix() + "." + kind + "_l" + index + (reverse ? "_reverse" : "");
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    @Override
    public RecurrentStep forward(NDArray input, ForwardContext context) {
        NDArray mask = context.batch().mask();
        List<DirectionTrace> traces = new ArrayList<>();
        NDList outputs = new NDList();
        for (int d = 0; d < directions(); d++) {
            boolean reverse = d == 1;
            NDArray[] h = new NDArray[(int) input.getShape().get(1)];
            traces.add(cell == Cell.LSTM
                    ? lstm(input, mask, reverse, context, h)
                    : gru(input, mask, reverse, context, h));
            outputs.add(NDArrays.stack(new NDList(h), 1));
        }
        NDArray output = outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 2);
        return new RecurrentStep(this, input, mask, traces, output);
    }

    private NDArray[] gateBlocks(NDArray w) {
        return w.split(cell.gates, 0).toArray(new NDArray[0]);
    }

    private DirectionTrace.Lstm lstm(NDArray input, NDArray mask, boolean reverse, ForwardContext ctx,
            NDArray[] hOut) {
        Parameters p = ctx.parameters();
        NDArray wIh = p.get(parameterName("weight_ih", reverse), ctx.dtype());
        NDArray wHh = p.get(parameterName("weight_hh", reverse), ctx.dtype());
        NDArray bias = p.get(parameterName("bias_ih", reverse), ctx.dtype())
                .add(p.get(parameterName("bias_hh", reverse), ctx.dtype()));
        int steps = (int) input.getShape().get(1);
        int batch = (int) input.getShape().get(0);
        NDArray xw = input.matMul(wIh.transpose()).add(bias); // [B,T,4H]
        NDArray wHhT = wHh.transpose();
        NDArray h = input.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, hiddenSize), ctx.dtype());
        NDArray c = h;
        NDArray[] x = new NDArray[steps];
        NDArray[] hPrev = new NDArray[steps];
        NDArray[] fc = new NDArray[steps];
        NDArray[] ig = new NDArray[steps];
        NDArray[] cNew = new NDArray[steps];
        NDArray[] gPre = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            NDIndex at = new NDIndex().addAllDim().addIndices(t);
            x[t] = input.get(at);
            NDArray m = mask.get(at).expandDims(1);
            NDList gates = xw.get(at).add(h.matMul(wHhT)).split(4, 1);
            NDArray i = ai.djl.nn.Activation.sigmoid(gates.get(0));
            NDArray f = ai.djl.nn.Activation.sigmoid(gates.get(1));
            NDArray g = gates.get(2).tanh();
            NDArray o = ai.djl.nn.Activation.sigmoid(gates.get(3));
            hPrev[t] = h;
            gPre[t] = gates.get(2);
            fc[t] = f.mul(c);
            ig[t] = i.mul(g);
            cNew[t] = fc[t].add(ig[t]);
            NDArray hNew = o.mul(cNew[t].tanh());
            c = hold(m, cNew[t], c);
            h = hold(m, hNew, h);
            hOut[t] = h;
        }
        NDArray[] wIhBlocks = gateBlocks(wIh);
        NDArray[] wHhBlocks = gateBlocks(wHh);
        NDArray bG = bias.split(4, 0).get(2);
        return new DirectionTrace.Lstm(reverse, x, hPrev, fc, ig, cNew, gPre, wIhBlocks[2], wHhBlocks[2], bG);
    }

    private DirectionTrace.Gru gru(NDArray input, NDArray mask, boolean reverse, ForwardContext ctx,
            NDArray[] hOut) {
        Parameters p = ctx.parameters();
        NDArray wIh = p.get(parameterName("weight_ih", reverse), ctx.dtype());
        NDArray wHh = p.get(parameterName("weight_hh", reverse), ctx.dtype());
        NDArray bIh = p.get(parameterName("bias_ih", reverse), ctx.dtype());
        NDArray bHh = p.get(parameterName("bias_hh", reverse), ctx.dtype());
        int steps = (int) input.getShape().get(1);
        int batch = (int) input.getShape().get(0);
        NDArray xw = input.matMul(wIh.transpose()).add(bIh); // [B,T,3H]: r, z, n input parts with b_i*
        NDArray wHhT = wHh.transpose();
        NDArray h = input.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, hiddenSize), ctx.dtype());
        NDArray[] x = new NDArray[steps];
        NDArray[] hPrev = new NDArray[steps];
        NDArray[] rs = new NDArray[steps];
        NDArray[] zh = new NDArray[steps];
        NDArray[] nTerm = new NDArray[steps];
        NDArray[] hNew = new NDArray[steps];
        NDArray[] nPre = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            NDIndex at = new NDIndex().addAllDim().addIndices(t);
            x[t] = input.get(at);
            NDArray m = mask.get(at).expandDims(1);
            NDList xi = xw.get(at).split(3, 1);
            NDList hh = h.matMul(wHhT).add(bHh).split(3, 1);
            NDArray r = xi.get(0).add(hh.get(0));
            r = ai.djl.nn.Activation.sigmoid(r);
            NDArray z = xi.get(1).add(hh.get(1));
            z = ai.djl.nn.Activation.sigmoid(z);
            nPre[t] = xi.get(2).add(r.mul(hh.get(2)));
            NDArray n = nPre[t].tanh();
            hPrev[t] = h;
            rs[t] = r;
            nTerm[t] = z.neg().add(1).mul(n);
            zh[t] = z.mul(h);
            hNew[t] = nTerm[t].add(zh[t]);
            h = hold(m, hNew[t], h);
            hOut[t] = h;
        }
        NDArray[] wIhBlocks = gateBlocks(wIh);
        NDArray[] wHhBlocks = gateBlocks(wHh);
        return new DirectionTrace.Gru(reverse, x, hPrev, rs, zh, nTerm, hNew, nPre, wIhBlocks[2], wHhBlocks[2],
                bIh.split(3, 0).get(2), bHh.split(3, 0).get(2));
    }

    /** {@code m ? next : previous}, element-wise with {@code m [B,1]} in {0,1}. */
    static NDArray hold(NDArray m, NDArray next, NDArray previous) {
        return next.mul(m).add(previous.mul(m.neg().add(1)));
    }
}
