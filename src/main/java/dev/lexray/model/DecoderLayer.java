package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.lexray.runtime.HostArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * A Llama-style pre-norm decoder layer (Llama, Mistral, Qwen2): {@code r = x + o(attention(RMSNorm1(x)))},
 * {@code y = r + down(silu(gate(n)) * up(n))} with {@code n = RMSNorm2(r)}. Attention is causal, with rotary position
 * embeddings on q and k (HF's {@code rotate_half}: dimension i pairs with i + d/2, positions 0..T-1) and
 * {@code kvHeads} key/value heads shared by {@code heads / kvHeads} query heads each. The linear maps are
 * {@link DenseLayer}s named {@code <name>.query}, {@code .key}, {@code .value}, {@code .attention_output},
 * {@code .ffn_gate}, {@code .ffn_in} (up) and {@code .ffn_out} (down), so composites give them rules by name.
 *
 * @param slidingWindow a query sees at most this many keys back (itself included), 0 for no limit
 */
public record DecoderLayer(String name, int heads, int kvHeads, int headDim, Rotary rotary, int slidingWindow,
        RmsNorm inputNorm, DenseLayer query, DenseLayer key, DenseLayer value, DenseLayer attentionOutput,
        RmsNorm postAttentionNorm, DenseLayer gate, DenseLayer up, DenseLayer down) implements Layer {
    @Override
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>(inputNorm.parameterNames());
        for (DenseLayer d : List.of(query, key, value, attentionOutput)) {
            out.addAll(d.parameterNames());
        }
        out.addAll(postAttentionNorm.parameterNames());
        for (DenseLayer d : List.of(gate, up, down)) {
            out.addAll(d.parameterNames());
        }
        return List.copyOf(out);
    }

    @Override
    public DecoderLayerStep forward(NDArray x, ForwardContext context) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        RmsNorm.Trace n1 = inputNorm.forward(x, context);
        DenseStep qs = query.forward(n1.output(), context);
        DenseStep ks = key.forward(n1.output(), context);
        DenseStep vs = value.forward(n1.output(), context);
        NDArray q = EncoderLayer.splitHeads(qs.output(), b, t, headDim); // [B,h,T,d]
        NDArray k = EncoderLayer.splitHeads(ks.output(), b, t, headDim); // [B,kvh,T,d]
        NDArray v = EncoderLayer.splitHeads(vs.output(), b, t, headDim);
        NDArray[] cosSin = rotary(x, (int) t, context.dtype());
        NDArray qRot = rotate(q, cosSin);
        NDArray kRot = rotate(k, cosSin);
        NDArray kAll = repeatKv(kRot);
        NDArray vAll = repeatKv(v);
        // scaled through q: [B,h,T,d] is smaller than the [B,h,T,T] scores from 64 tokens on
        NDArray scores = qRot.mul(1 / Math.sqrt(headDim)).matMul(kAll.transpose(0, 1, 3, 2)); // [B,h,T,T]
        NDArray visible = visible(context.batch().mask(), (int) t, slidingWindow); // [B,1,T,T]
        NDArray masked = scores.add(visible.neg().add(1).mul(EncoderLayer.MASK_VALUE));
        NDArray probs = masked.softmax(-1);
        if (context.detachForGradient()) {
            probs = probs.stopGradient(); // CP-LRP's view: attention weights are constants
        }
        NDArray ctx = probs.matMul(vAll); // [B,h,T,d]
        DenseStep out = attentionOutput.forward(EncoderLayer.mergeHeads(ctx), context);
        NDArray residual = x.add(out.output());
        RmsNorm.Trace n2 = postAttentionNorm.forward(residual, context);
        DenseStep gs = gate.forward(n2.output(), context);
        DenseStep us = up.forward(n2.output(), context);
        NDArray gateAct = gs.output().mul(Activation.sigmoid(gs.output())); // SiLU
        if (context.detachForGradient()) {
            gateAct = gateAct.stopGradient(); // CP-LRP's view: the gate is a constant
        }
        NDArray hidden = gateAct.mul(us.output());
        DenseStep ds = down.forward(hidden, context);
        NDArray y = residual.add(ds.output());
        return new DecoderLayerStep(this, x, n1, qs, ks, vs, q, k, qRot, kRot, kAll, vAll, cosSin[0], cosSin[1],
                context.keepScores() ? scores : null, context.keepScores() ? masked : null, probs, ctx, visible, out,
                residual, n2, gs, us, gateAct, hidden, ds, y);
    }

    /**
     * {@code cos, sin [T,d]} of HF's rotary embedding: angle {@code pos * theta^(-2i/d)} for pair i, repeated for
     * both halves. Computed in double, as the reference's float32 angles are as exact as float32 allows.
     */
    public NDArray[] rotary(NDArray like, int t, DataType dtype) {
        int half = headDim / 2;
        double[] cos = new double[t * headDim];
        double[] sin = new double[t * headDim];
        double[] invFreq = rotary.inverseFrequencies(headDim);
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                cos[p * headDim + i] = cos[p * headDim + i + half] = Math.cos(angle);
                sin[p * headDim + i] = sin[p * headDim + i + half] = Math.sin(angle);
            }
        }
        Shape shape = new Shape(t, headDim);
        return new NDArray[] {HostArrays.of(like.getManager(), cos, shape).toType(dtype, false),
            HostArrays.of(like.getManager(), sin, shape).toType(dtype, false)};
    }

    /** {@code x cos + rotate_half(x) sin}, {@code x [B,h,T,d]}. */
    public static NDArray rotate(NDArray x, NDArray[] cosSin) {
        return x.mul(cosSin[0]).add(rotateHalf(x).mul(cosSin[1]));
    }

    /** HF's {@code rotate_half}: {@code (x1, x2) -> (-x2, x1)} over the two halves of the last axis. */
    public static NDArray rotateHalf(NDArray x) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        NDArray x1 = x.get(new NDIndex("..., :" + d / 2));
        NDArray x2 = x.get(new NDIndex("..., " + d / 2 + ":"));
        return x2.neg().concat(x1, -1);
    }

    /** The transpose of {@link #rotateHalf} (its inverse too): {@code (y1, y2) -> (y2, -y1)}. */
    public static NDArray rotateHalfTransposed(NDArray y) {
        long d = y.getShape().get(y.getShape().dimension() - 1);
        NDArray y1 = y.get(new NDIndex("..., :" + d / 2));
        NDArray y2 = y.get(new NDIndex("..., " + d / 2 + ":"));
        return y2.concat(y1.neg(), -1);
    }

    /** HF's {@code repeat_kv}: key/value head g serves query heads {@code g*n .. g*n+n-1}. */
    public NDArray repeatKv(NDArray x) {
        int n = heads / kvHeads;
        return n == 1 ? x : x.repeat(1, n);
    }

    /** The sum over each key/value head's query heads: the transpose of {@link #repeatKv}. */
    public NDArray sumKvGroups(NDArray x) {
        int n = heads / kvHeads;
        if (n == 1) {
            return x;
        }
        Shape s = x.getShape();
        return x.reshape(s.get(0), kvHeads, n, s.get(2), s.get(3)).sum(new int[] {2});
    }

    /**
     * 1 where query i may attend key j {@code [B,1,T,T]}: {@code j <= i}, j a real token and, with a sliding window,
     * {@code i - j < window}.
     */
    public static NDArray visible(NDArray mask, int t, int window) {
        NDArray rows = mask.getManager().arange(0, t, 1, DataType.INT64).reshape(t, 1);
        NDArray cols = rows.reshape(1, t);
        NDArray allowed = cols.lte(rows);
        if (window > 0) {
            allowed = allowed.logicalAnd(rows.sub(cols).lt(window));
        }
        long b = mask.getShape().get(0);
        return allowed.toType(mask.getDataType(), false).reshape(1, 1, t, t).mul(mask.reshape(b, 1, 1, t));
    }
}
