package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.DenseStep;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.Gpt2LayerStep;
import java.util.List;

/**
 * Relevance through one GPT-2 block, output to input: residual sums by the epsilon rule, LayerNorm with its scale
 * constant, the MLP (gelu_new passes relevance on, the identity rule), and causal self-attention by CP-LRP or
 * AttnLRP as for Llama-style decoders ({@link AttentionPropagation}).
 */
final class Gpt2Propagation {
    private Gpt2Propagation() {}

    static NDArray propagate(Gpt2LayerStep s, NDArray relevanceOut, Composite composite,
            LayerRecorder recorder) {
        TransformerRule tr = composite.transformerRule();
        // y = residual + mlp(ln_2(residual))
        List<NDArray> res2 = DecoderPropagation.residual(s.residual(), s.ffnOut().output(), relevanceOut, tr);
        NDArray rLn2 = dense(s.ffnIn(), dense(s.ffnOut(), res2.get(1), composite), composite);
        NDArray rResidual = res2.get(0).add(LayerNormPropagation.propagate(s.mlpNorm(), rLn2, tr));
        // residual = x + proj(attention(ln_1(x)))
        List<NDArray> res1 = DecoderPropagation.residual(s.input(), s.attentionOutput().output(), rResidual, tr);
        NDArray rContext = EncoderLayer.splitHeadsLike(dense(s.attentionOutput(), res1.get(1), composite), s.q());
        AttentionPropagation.Heads r = AttentionPropagation.propagate(s.q(), s.k(), s.v(), s.scores(),
                s.maskedScores(), s.probabilities(), s.context(), s.visible(), rContext, tr);
        if (recorder != null) {
            recorder.attention(res1.get(1), r.queries(), r.keys(), r.values());
        }
        NDArray rLn1 = dense(s.value(), EncoderLayer.mergeHeads(r.values()), composite);
        if (r.queries() != null) {
            rLn1 = rLn1.add(dense(s.query(), EncoderLayer.mergeHeads(r.queries()), composite))
                    .add(dense(s.key(), EncoderLayer.mergeHeads(r.keys()), composite));
        }
        return res1.get(0).add(LayerNormPropagation.propagate(s.attentionNorm(), rLn1, tr));
    }

    private static NDArray dense(DenseStep step, NDArray relevance, Composite composite) {
        return DensePropagation.propagate(step, composite.ruleFor(step.layer()), relevance);
    }
}
