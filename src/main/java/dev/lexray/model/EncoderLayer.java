package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A BERT-family encoder layer (post-LayerNorm): multi-head self-attention with an output projection and residual,
 * LayerNorm, a two-layer feed-forward block with residual, LayerNorm. The linear maps are {@link DenseLayer}s so
 * that composites can give them rules by name ({@code <name>.query}, {@code .key}, {@code .value},
 * {@code .attention_output}, {@code .ffn_in}, {@code .ffn_out}).
 */
public record EncoderLayer(String name, int heads, DenseLayer query, DenseLayer key, DenseLayer value,
        DenseLayer attentionOutput, LayerNorm attentionNorm, DenseLayer ffnIn, DenseLayer ffnOut,
        LayerNorm outputNorm) implements Layer {
    /** Added to the scores of padding keys: large enough that softmax gives them exactly 0. */
    static final double MASK_VALUE = -1e9;

    /** The six linear maps' tensors, then both norms'. */
    @Override
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (DenseLayer d : List.of(query, key, value, attentionOutput, ffnIn, ffnOut)) {
            out.addAll(d.parameterNames());
        }
        out.addAll(attentionNorm.parameterNames());
        out.addAll(outputNorm.parameterNames());
        return List.copyOf(out);
    }

    @Override
    public EncoderLayerStep forward(NDArray x, ForwardContext context) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long hidden = x.getShape().get(2);
        long d = hidden / heads;
        DenseStep qs = query.forward(x, context);
        DenseStep ks = key.forward(x, context);
        DenseStep vs = value.forward(x, context);
        NDArray q = splitHeads(qs.output(), b, t, d);
        NDArray k = splitHeads(ks.output(), b, t, d);
        NDArray v = splitHeads(vs.output(), b, t, d);
        // scaled before the product: [B,h,T,d] is smaller than the [B,h,T,T] scores from 64 tokens on
        NDArray scores = q.mul(1 / Math.sqrt(d)).matMul(k.transpose(0, 1, 3, 2)); // [B,h,T,T]
        // without padding nothing is masked: no pass over the scores, and the rules skip the mask as well
        NDArray keyMask = context.batch().padded() ? context.batch().mask().reshape(b, 1, 1, t) : null;
        NDArray masked = keyMask == null ? scores : scores.add(keyMask.neg().add(1).mul(MASK_VALUE));
        NDArray probs = masked.softmax(-1);
        if (context.detachForGradient()) {
            probs = probs.stopGradient(); // CP-LRP's view: attention weights are constants
        }
        NDArray ctx = probs.matMul(v); // [B,h,T,d]
        NDArray merged = ctx.transpose(0, 2, 1, 3).reshape(b, t, hidden);
        DenseStep out = attentionOutput.forward(merged, context);
        LayerNorm.Trace ln1 = attentionNorm.forward(x.add(out.output()), context);
        DenseStep f1 = ffnIn.forward(ln1.output(), context);
        DenseStep f2 = ffnOut.forward(f1.output(), context);
        LayerNorm.Trace ln2 = outputNorm.forward(ln1.output().add(f2.output()), context);
        boolean keep = context.keepScores();
        return new EncoderLayerStep(this, x, qs, ks, vs, q, k, v, keep ? scores : null, keep ? masked : null, probs,
                ctx, keyMask, out, ln1,
                f1, f2, ln2);
    }

    static NDArray splitHeads(NDArray x, long b, long t, long d) {
        return x.reshape(b, t, -1, d).transpose(0, 2, 1, 3);
    }

    /** {@code [B,T,H]} to the head layout {@code [B,h,T,d]} of {@code like}. */
    public static NDArray splitHeadsLike(NDArray x, NDArray like) {
        return splitHeads(x, like.getShape().get(0), like.getShape().get(2), like.getShape().get(3));
    }

    /** Inverse of {@link #splitHeads}: {@code [B,h,T,d]} to {@code [B,T,h*d]}. */
    public static NDArray mergeHeads(NDArray x) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(2);
        return x.transpose(0, 2, 1, 3).reshape(b, t, -1);
    }
}
