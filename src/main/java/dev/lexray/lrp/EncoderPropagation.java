package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.DenseStep;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.EncoderLayerStep;
import java.util.List;

/**
 * Relevance through one encoder layer, from its output back to its input: LayerNorm (scale constant), residual
 * sums split by the epsilon rule, the feed-forward block (activation passes relevance through), and
 * self-attention by CP-LRP or AttnLRP. Dense maps get the rule the {@link Composite} assigns by name.
 */
final class EncoderPropagation {
    private EncoderPropagation() {}

    static NDArray propagate(EncoderLayerStep s, NDArray relevanceOut, Composite composite,
            LayerRecorder recorder) {
        TransformerRule tr = composite.transformerRule();
        // y2 = LN2(y1 + ffn(y1))
        NDArray rSum2 = LayerNormPropagation.propagate(s.outputNorm(), relevanceOut, tr);
        List<NDArray> res2 = residual(s.outputNorm().input(), s.attentionNorm().output(), s.ffnOut().output(), rSum2,
                tr);
        NDArray rHidden = dense(s.ffnOut(), res2.get(1), composite);
        NDArray rY1 = dense(s.ffnIn(), rHidden, composite).addi(res2.get(0));
        // y1 = LN1(x + out(attention(x)))
        NDArray rSum1 = LayerNormPropagation.propagate(s.attentionNorm(), rY1, tr);
        List<NDArray> res1 = residual(s.attentionNorm().input(), s.input(), s.attentionOutput().output(), rSum1, tr);
        NDArray rContext = EncoderLayer.splitHeadsLike(dense(s.attentionOutput(), res1.get(1), composite), s.q());
        AttentionPropagation.Heads r = AttentionPropagation.propagate(s.q(), s.k(), s.v(), s.scores(),
                s.maskedScores(), s.probabilities(), s.context(), s.keyMask(), rContext, tr);
        if (recorder != null) {
            recorder.attention(res1.get(1), r.queries(), r.keys(), r.values());
        }
        NDArray rInput = dense(s.value(), EncoderLayer.mergeHeads(r.values()), composite).addi(res1.get(0));
        if (r.queries() == null) {
            return rInput;
        }
        return rInput.addi(dense(s.query(), EncoderLayer.mergeHeads(r.queries()), composite))
                .addi(dense(s.key(), EncoderLayer.mergeHeads(r.keys()), composite));
    }

    /**
     * A residual sum {@code a + b} as an identity linear map from both branches, epsilon rule; {@code sum} is the
     * LayerNorm's input, which the forward pass computed as {@code a + b}.
     */
    private static List<NDArray> residual(NDArray sum, NDArray a, NDArray b, NDArray relevance, TransformerRule tr) {
        int fanIn = 2 * (int) a.getShape().get(a.getShape().dimension() - 1);
        return tr.epsilonRule().split(sum, null, relevance, fanIn,
                List.of(LinearInput.identity(a), LinearInput.identity(b)));
    }

    private static NDArray dense(DenseStep step, NDArray relevance, Composite composite) {
        return DensePropagation.propagate(step, composite.ruleFor(step.layer()), relevance);
    }
}
