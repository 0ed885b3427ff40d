package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-2 block (pre-LayerNorm): {@code r = x + proj(attention(ln_1(x)))}, {@code y = r + mlp(ln_2(r))}, causal
 * attention, the MLP a {@link DenseLayer} with its activation (gelu_new). The fused {@code c_attn} comes split into
 * {@code <name>.query}, {@code .key}, {@code .value}; the others are {@code .attention_output}, {@code .ffn_in},
 * {@code .ffn_out}.
 */
public record Gpt2Layer(String name, int heads, LayerNorm attentionNorm, DenseLayer query, DenseLayer key,
        DenseLayer value, DenseLayer attentionOutput, LayerNorm mlpNorm, DenseLayer ffnIn, DenseLayer ffnOut)
        implements Layer {
    @Override
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>(attentionNorm.parameterNames());
        for (DenseLayer d : List.of(query, key, value, attentionOutput)) {
            out.addAll(d.parameterNames());
        }
        out.addAll(mlpNorm.parameterNames());
        out.addAll(ffnIn.parameterNames());
        out.addAll(ffnOut.parameterNames());
        return List.copyOf(out);
    }

    @Override
    public Gpt2LayerStep forward(NDArray x, ForwardContext context) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2) / heads;
        LayerNorm.Trace ln1 = attentionNorm.forward(x, context);
        DenseStep qs = query.forward(ln1.output(), context);
        DenseStep ks = key.forward(ln1.output(), context);
        DenseStep vs = value.forward(ln1.output(), context);
        NDArray q = EncoderLayer.splitHeads(qs.output(), b, t, d);
        NDArray k = EncoderLayer.splitHeads(ks.output(), b, t, d);
        NDArray v = EncoderLayer.splitHeads(vs.output(), b, t, d);
        NDArray scores = q.mul(1 / Math.sqrt(d)).matMul(k.transpose(0, 1, 3, 2)); // scaled through q, as encoders
        NDArray visible = DecoderLayer.visible(context.batch().mask(), (int) t, 0);
        NDArray masked = scores.add(visible.neg().add(1).mul(EncoderLayer.MASK_VALUE));
        NDArray probs = masked.softmax(-1);
        if (context.detachForGradient()) {
            probs = probs.stopGradient(); // CP-LRP's view: attention weights are constants
        }
        NDArray ctx = probs.matMul(v);
        DenseStep out = attentionOutput.forward(EncoderLayer.mergeHeads(ctx), context);
        NDArray residual = x.add(out.output());
        LayerNorm.Trace ln2 = mlpNorm.forward(residual, context);
        DenseStep f1 = ffnIn.forward(ln2.output(), context);
        DenseStep f2 = ffnOut.forward(f1.output(), context);
        boolean keep = context.keepScores();
        return new Gpt2LayerStep(this, x, ln1, qs, ks, vs, q, k, v, keep ? scores : null, keep ? masked : null, probs,
                ctx, visible, out,
                residual, ln2, f1, f2, residual.add(f2.output()));
    }
}
