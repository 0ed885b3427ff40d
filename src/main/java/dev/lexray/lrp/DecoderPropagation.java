package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.DecoderLayer;
import dev.lexray.model.DecoderLayerStep;
import dev.lexray.model.DenseStep;
import dev.lexray.model.EncoderLayer;
import java.util.List;

/**
 * Relevance through one Llama-style decoder layer, output to input: residual sums split by the epsilon rule, RMSNorm
 * with its normaliser constant, the SwiGLU block and causal self-attention by CP-LRP or AttnLRP. Dense maps get the
 * rule the {@link Composite} assigns by name.
 *
 * <p>CP-LRP holds the attention probabilities and the SwiGLU gate {@code silu(gate(x))} constant: relevance flows
 * through the values and the up projection only (the gate product is then a fixed per-unit scale, which passes
 * relevance on unchanged, as activations do). AttnLRP adds the softmax rule and the uniform rule (half to each
 * factor) at both attention products, passes the rotary embedding's linear map by the epsilon rule, and splits the
 * product {@code silu(gate) * up} half and half without epsilon, SiLU passing its half on (identity rule).
 */
final class DecoderPropagation {
    private DecoderPropagation() {}

    static NDArray propagate(DecoderLayerStep s, NDArray relevanceOut, Composite composite,
            LayerRecorder recorder) {
        TransformerRule tr = composite.transformerRule();
        boolean attnLrp = tr.attention() == AttentionRule.ATTN_LRP;
        DecoderLayer layer = s.layer();
        // y = residual + down(silu(gate(n2)) * up(n2)), n2 = RMSNorm2(residual)
        List<NDArray> res2 = residual(s.residual(), s.down().output(), relevanceOut, tr);
        NDArray rHidden = dense(s.down(), res2.get(1), composite);
        NDArray rN2;
        if (attnLrp) {
            NDArray half = rHidden.mul(0.5); // uniform rule on the product; SiLU passes its half on
            rN2 = dense(s.up(), half, composite).add(dense(s.gate(), half, composite));
        } else {
            rN2 = dense(s.up(), rHidden, composite); // the gate is a constant scale
        }
        NDArray rResidual = res2.get(0).add(RmsNormPropagation.propagate(s.postAttentionNorm(), rN2, tr));
        // residual = x + o(attention(n1)), n1 = RMSNorm1(x)
        List<NDArray> res1 = residual(s.input(), s.attentionOutput().output(), rResidual, tr);
        NDArray rContext = EncoderLayer.splitHeadsLike(dense(s.attentionOutput(), res1.get(1), composite), s.q());
        AttentionPropagation.Heads r = AttentionPropagation.propagate(s.qRotated(), s.keys(), s.values(),
                s.scores(), s.maskedScores(), s.probabilities(), s.context(), s.visible(), rContext, tr);
        if (recorder != null) {
            recorder.attention(res1.get(1), r.queries(), r.keys(), r.values());
        }
        NDArray rN1 = dense(s.value(), EncoderLayer.mergeHeads(layer.sumKvGroups(r.values())), composite);
        if (r.queries() != null) {
            NDArray rQIn = rotary(s.q(), s.qRotated(), r.queries(), s, tr);
            NDArray rKIn = rotary(s.k(), s.kRotated(), layer.sumKvGroups(r.keys()), s, tr);
            rN1 = rN1.add(dense(s.query(), EncoderLayer.mergeHeads(rQIn), composite))
                    .add(dense(s.key(), EncoderLayer.mergeHeads(rKIn), composite));
        }
        return res1.get(0).add(RmsNormPropagation.propagate(s.inputNorm(), rN1, tr));
    }

    /**
     * The rotary embedding {@code r = x cos + rotate_half(x) sin}, a linear map within each position, by the epsilon
     * rule: {@code R_x = x (cos q + rotate_half^T(sin q))}, {@code q = R_r / (r + eps*sign(r))}; with the bias factor
     * the stabiliser's share goes back evenly to the position's d inputs.
     */
    private static NDArray rotary(NDArray x, NDArray rotated, NDArray relevance, DecoderLayerStep s,
            TransformerRule tr) {
        NDArray q = Tensors.divideStabilised(relevance, rotated, tr.epsilon());
        NDArray back = q.mul(s.cos()).add(DecoderLayer.rotateHalfTransposed(q.mul(s.sin())));
        return Tensors.handBack(x.mul(back), relevance, -1, tr.biasFactor());
    }

    /** A residual sum {@code a + b} as an identity linear map from both branches, epsilon rule. */
    static List<NDArray> residual(NDArray a, NDArray b, NDArray relevance, TransformerRule tr) {
        NDArray sum = a.add(b);
        int fanIn = 2 * (int) a.getShape().get(a.getShape().dimension() - 1);
        return tr.epsilonRule().split(sum, null, relevance, fanIn,
                List.of(LinearInput.identity(a), LinearInput.identity(b)));
    }

    private static NDArray dense(DenseStep step, NDArray relevance, Composite composite) {
        return DensePropagation.propagate(step, composite.ruleFor(step.layer()), relevance);
    }
}
