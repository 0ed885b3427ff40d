package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;

/**
 * Relevance through scaled dot-product attention {@code context = softmax(mask(q k^T / sqrt(d))) v}, per head, from
 * the relevance of its context back to the queries, keys and values {@code [B,h,T,d]}: the one implementation that
 * encoders, Llama-style decoders and GPT-2 share.
 *
 * <p>CP-LRP holds the probabilities constant, so relevance flows through the values only. AttnLRP splits both
 * products {@code A v} and {@code q k^T} evenly between their factors (the uniform rule) and passes the softmax by
 * its own rule, {@code R_x = x (R_A - A rowsum(R_A))} on the masked scores x. Every division is stabilised by the
 * transformer rule's epsilon; with a bias factor, what a stabiliser absorbed goes back evenly to that operation's
 * inputs.
 *
 * <p>{@code visible} says which keys each query sees: {@code [B,1,T,T]} for causal models, {@code [B,1,1,T]} for
 * padding only, null when every query sees every key. Hidden keys have probability 0 and receive nothing.
 */
final class AttentionPropagation {
    private static final int[] LAST = {-1};
    private static final int[] ROWS = {2};

    private AttentionPropagation() {}

    /** Relevance at the per-head queries, keys and values {@code [B,h,T,d]}; queries and keys null under CP-LRP. */
    record Heads(NDArray queries, NDArray keys, NDArray values) {}

    /**
     * {@code q, k, v, context [B,h,T,d]}; {@code scores} are the scaled scores before the mask and
     * {@code maskedScores} after it (read only with a bias factor or epsilon 0), {@code probabilities [B,h,T,T]}.
     */
    static Heads propagate(NDArray q, NDArray k, NDArray v, NDArray scores, NDArray maskedScores, NDArray probs,
            NDArray ctx, NDArray visible, NDArray rContext, TransformerRule tr) {
        double eps = tr.epsilon();
        double bf = tr.biasFactor();
        // context = A v: quotient R / (context + eps sign(context)); fresh products are scaled in place
        NDArray quotient = Tensors.divideStabilised(rContext, ctx, eps);
        NDArray rValues = probs.transpose(0, 1, 3, 2).matMul(quotient).muli(v);
        boolean attnLrp = tr.attention() == AttentionRule.ATTN_LRP;
        if (attnLrp) {
            rValues.muli(0.5);
        }
        if (bf != 0) {
            rValues.addi(valueShare(rContext.sub(ctx.mul(quotient)), visible, bf));
        }
        if (!attnLrp) {
            return new Heads(null, null, rValues);
        }
        // The probabilities receive R_A = A G / 2, G = quotient v^T; the softmax rule passes x core to the scores,
        // core = R_A - A rowsum(R_A). scores = q k^T / sqrt(d) then splits by the uniform rule, each factor half, on
        // the quotient qs = R_scores / (scores + eps sign(scores)).
        double half = 0.5 / Math.sqrt(q.getShape().get(3));
        NDArray rScores = null;
        NDArray qs;
        if (bf == 0 && eps > 0) {
            // Two [T,T] passes fewer: rowsum(A G)_i = sum_d quotient_id context_id since context = A v, so
            // 2 core = A (G - rowsum(A G)) needs a sum over [T,d] only. And x / (x + eps sign(x)) is |x| / (|x| + eps)
            // bit for bit, so 2 qs = 2 core |x| / (|x| + eps), with x the unmasked scores (hidden keys have A = 0):
            // no stabiliser, no mask, no R_scores. The 1/2 goes into half.
            NDArray rowShare = quotient.mul(ctx).sum(LAST, true);
            NDArray magnitude = scores.abs();
            qs = quotient.matMul(v.transpose(0, 1, 3, 2)).subi(rowShare).muli(probs).muli(magnitude);
            qs.divi(magnitude.addi(eps));
            half *= 0.5;
        } else {
            NDArray rProbs = quotient.matMul(v.transpose(0, 1, 3, 2)).muli(probs).muli(0.5);
            NDArray rowProbs = rProbs.sum(LAST, true);
            rScores = probs.mul(rowProbs).negi().addi(rProbs).muli(maskedScores);
            if (visible != null) {
                rScores.muli(visible);
            }
            if (bf != 0) {
                // what the softmax rule does not pass on goes back evenly to the keys the row sees
                NDArray lost = rowProbs.sub(rScores.sum(LAST, true));
                rScores.addi(visible == null ? lost.muli(bf / probs.getShape().get(3))
                        : visible.mul(lost.divi(visible.sum(LAST, true)).muli(bf)));
            }
            qs = Tensors.divideStabilised(rScores, scores, eps);
        }
        NDArray rQ = qs.matMul(k).muli(q).muli(half);
        NDArray rK = qs.transpose(0, 1, 3, 2).matMul(q).muli(k).muli(half);
        if (bf != 0) {
            // score_ij has the 2d inputs q_i and k_j: each gets 1/(2d) of what the stabiliser absorbed. A row's
            // absorbed part is sum_j R_scores_ij - sum_j scores_ij qs_ij, and that last sum is what q_i received
            // twice over (2 sum_d rQ_id); a column's likewise with k_j: sums over [T,d], not [T,T] products.
            double share = bf / (2.0 * q.getShape().get(3));
            NDArray rowAbsorbed = rScores.sum(LAST, true).sub(rQ.sum(LAST, true).muli(2));
            NDArray columnAbsorbed = rScores.sum(ROWS, true).transpose(0, 1, 3, 2).sub(rK.sum(LAST, true).muli(2));
            rQ.addi(rowAbsorbed.muli(share));
            rK.addi(columnAbsorbed.muli(share));
        }
        return new Heads(rQ, rK, rValues);
    }

    /**
     * The bias factor's share of {@code context = A v}: {@code context_id} has the values {@code v_jd} of the keys
     * row i sees as inputs, so what its stabiliser absorbed ({@code absorbed [B,h,T,d]}) goes back evenly to them:
     * {@code W^T absorbed} with {@code W_ij = visible_ij / count_i}.
     */
    private static NDArray valueShare(NDArray absorbed, NDArray visible, double bf) {
        if (visible == null) { // every row sees all keys
            return absorbed.sum(ROWS, true).muli(bf / absorbed.getShape().get(2));
        }
        NDArray weights = visible.div(visible.sum(LAST, true));
        if (visible.getShape().get(2) == 1) { // the same keys for every row: W^T absorbed is a column times a sum
            return weights.transpose(0, 1, 3, 2).mul(absorbed.sum(ROWS, true)).muli(bf);
        }
        return weights.transpose(0, 1, 3, 2).matMul(absorbed).muli(bf);
    }
}
