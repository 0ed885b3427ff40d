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
    private static final int[] LAST = {-1};

    private EncoderPropagation() {}

    static NDArray propagate(EncoderLayerStep s, NDArray relevanceOut, Composite composite,
            LayerRecorder recorder) {
        TransformerRule tr = composite.transformerRule();
        double eps = tr.epsilon();
        double bf = tr.biasFactor();
        // y2 = LN2(y1 + ffn(y1))
        NDArray rSum2 = LayerNormPropagation.propagate(s.outputNorm(), relevanceOut, tr);
        List<NDArray> res2 = residual(s.attentionNorm().output(), s.ffnOut().output(), rSum2, tr);
        NDArray rHidden = dense(s.ffnOut(), res2.get(1), composite);
        NDArray rY1 = res2.get(0).add(dense(s.ffnIn(), rHidden, composite));
        // y1 = LN1(x + out(attention(x)))
        NDArray rSum1 = LayerNormPropagation.propagate(s.attentionNorm(), rY1, tr);
        List<NDArray> res1 = residual(s.input(), s.attentionOutput().output(), rSum1, tr);
        NDArray rContext = EncoderLayer.splitHeadsLike(dense(s.attentionOutput(), res1.get(1), composite), s.q());
        NDArray rInput = res1.get(0);
        // context = A v: quotient q = R / (context + eps*sign)
        NDArray ctx = s.context();
        NDArray quotient = Tensors.divideStabilised(rContext, ctx, eps);
        NDArray probsT = s.probabilities().transpose(0, 1, 3, 2);
        NDArray rValue = probsT.matMul(quotient).muli(s.v());
        NDArray keyMask = s.keyMask(); // [B,1,1,T], null without padding
        long keys = s.probabilities().getShape().get(3);
        NDArray validKeys = keyMask == null ? null : keyMask.sum(new int[] {3}, true); // [B,1,1,1]
        NDArray keyColumn = keyMask == null ? null : keyMask.transpose(0, 1, 3, 2); // [B,1,T,1]
        if (tr.attention() == AttentionRule.CP_LRP) {
            rValue = withValueShare(rValue, rContext, ctx, quotient, keys, validKeys, keyColumn, bf);
            if (recorder != null) {
                recorder.attention(res1.get(1), null, null, rValue);
            }
            return rInput.add(dense(s.value(), EncoderLayer.mergeHeads(rValue), composite));
        }
        // AttnLRP: the product A v is split evenly between its factors. Fresh products are scaled in place.
        NDArray probs = s.probabilities();
        rValue = withValueShare(rValue.muli(0.5), rContext, ctx, quotient, keys, validKeys, keyColumn, bf);
        NDArray rProbs = quotient.matMul(s.v().transpose(0, 1, 3, 2)).muli(probs).muli(0.5);
        NDArray rowProbs = rProbs.sum(LAST, true);
        // Softmax rule on the (masked) scores x: x (rProbs - probs rowsum(rProbs)); padding keys have probability 0
        // and get nothing.
        NDArray core = probs.mul(rowProbs).negi().addi(rProbs);
        // scores = q k^T / sqrt(d): uniform rule, each factor half, on qs = rScores / (scores + eps sign(scores)).
        NDArray scores = s.scores();
        NDArray rScores = null;
        NDArray qs;
        if (bf == 0 && eps > 0) {
            // x / (x + eps sign(x)) is |x| / (|x| + eps) (bit for bit), so qs = core |x| / (|x| + eps): no
            // stabiliser and no rScores (x is the scores at real keys; at padding keys core is 0).
            NDArray ratio = scores.abs();
            qs = core.muli(ratio.divi(ratio.add(eps)));
        } else {
            rScores = core.muli(s.maskedScores());
            if (keyMask != null) {
                rScores.muli(keyMask);
            }
            if (bf != 0) {
                // what the softmax rule does not pass on goes back evenly to the row's real keys
                NDArray lost = rowProbs.sub(rScores.sum(LAST, true));
                rScores.addi(keyMask == null ? lost.muli(bf / keys) : keyMask.mul(lost.div(validKeys).muli(bf)));
            }
            qs = Tensors.divideStabilised(rScores, scores, eps);
        }
        long d = s.q().getShape().get(3);
        double half = 0.5 / Math.sqrt(d);
        NDArray rQ = qs.matMul(s.k()).muli(s.q()).muli(half);
        NDArray rK = qs.transpose(0, 1, 3, 2).matMul(s.q()).muli(s.k()).muli(half);
        if (bf != 0) {
            // score_ij has the 2d inputs q_i and k_j: each gets 1/(2d) of what the stabiliser absorbed. A row's
            // absorbed part is sum_j rScores_ij - sum_j scores_ij qs_ij, and that last sum is what q_i received
            // twice over (2 sum_d rQ_id); a column's likewise with k_j: sums over [T,d], not [T,T] products.
            double share = bf / (2.0 * d);
            NDArray rowAbsorbed = rScores.sum(new int[] {3}, true).sub(rQ.sum(LAST, true).muli(2));
            NDArray columnAbsorbed = rScores.sum(new int[] {2}, true).transpose(0, 1, 3, 2)
                    .sub(rK.sum(LAST, true).muli(2));
            rQ.addi(rowAbsorbed.muli(share));
            rK.addi(columnAbsorbed.muli(share));
        }
        if (recorder != null) {
            recorder.attention(res1.get(1), rQ, rK, rValue);
        }
        return rInput
                .add(dense(s.value(), EncoderLayer.mergeHeads(rValue), composite))
                .add(dense(s.query(), EncoderLayer.mergeHeads(rQ), composite))
                .add(dense(s.key(), EncoderLayer.mergeHeads(rK), composite));
    }

    /**
     * The bias factor's share of {@code context = A v}: {@code context_id} has the real keys' {@code v_jd} as
     * inputs, so what its stabiliser absorbed ({@code R_id - context_id q_id}) goes back evenly to them.
     */
    private static NDArray withValueShare(NDArray rValue, NDArray rContext, NDArray ctx, NDArray quotient,
            long keys, NDArray validKeys, NDArray keyColumn, double bf) {
        if (bf == 0) {
            return rValue;
        }
        NDArray absorbed = rContext.sub(ctx.mul(quotient)).sum(new int[] {2}, true); // [B,h,1,d]
        if (keyColumn == null) { // no padding: every key is real
            return rValue.add(absorbed.muli(bf / keys));
        }
        return rValue.add(absorbed.div(validKeys).mul(keyColumn).mul(bf)); // [B,h,T,d]
    }

    /** A residual sum {@code a + b} as an identity linear map from both branches, epsilon rule. */
    private static List<NDArray> residual(NDArray a, NDArray b, NDArray relevance, TransformerRule tr) {
        NDArray sum = a.add(b);
        int fanIn = 2 * (int) a.getShape().get(a.getShape().dimension() - 1);
        return tr.epsilonRule().split(sum, null, relevance, fanIn,
                List.of(LinearInput.identity(a), LinearInput.identity(b)));
    }

    private static NDArray dense(DenseStep step, NDArray relevance, Composite composite) {
        return DensePropagation.propagate(step, composite.ruleFor(step.layer()), relevance);
    }
}
