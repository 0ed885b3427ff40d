package dev.lexray.eval;

import dev.lexray.Logits;

/**
 * AOPC after ERASER (DeYoung et al. 2020), for one method: the predicted class' probability as the most relevant
 * words (comprehensiveness), the least relevant words (for the area between the two), or all but the most relevant
 * words (sufficiency) are removed, in bins of each text's length.
 */
final class AopcCurves {
    private final double[] bins;
    private int texts;
    // sums over texts of the predicted class' probability, [0] unperturbed, [b + 1] bin b
    private final double[] morf;
    private final double[] lerf;
    private final double[] kept;

    AopcCurves(double[] bins) {
        this.bins = bins;
        morf = new double[bins.length + 1];
        lerf = new double[bins.length + 1];
        kept = new double[bins.length + 1];
    }

    /**
     * Adds the variants one text needs, ranked by its predicted class' relevance, for each bin: without the most
     * relevant words, without the least relevant, with only the most relevant. Returns their indices in
     * {@code variants} in that order, from index 1.
     */
    int[][] request(double[] relevance, Variants variants) {
        int[] most = Rankings.order(relevance, true);
        int[] least = Rankings.order(relevance, false);
        int[][] request = new int[3][bins.length + 1];
        for (int b = 0; b < bins.length; b++) {
            int k = Rankings.count(bins[b], relevance.length);
            request[0][b + 1] = variants.add(Rankings.first(most, k));
            request[1][b + 1] = variants.add(Rankings.first(least, k));
            request[2][b + 1] = variants.add(Rankings.not(Rankings.first(most, k)));
        }
        return request;
    }

    /** Adds one text's probabilities, from the logits of the variants {@link #request} asked for. */
    void add(Item item, int[][] request, double[][] logits) {
        int c = item.predicted();
        double p0 = item.probabilities()[c];
        texts++;
        morf[0] += p0;
        lerf[0] += p0;
        kept[0] += p0;
        for (int b = 1; b <= bins.length; b++) {
            morf[b] += Logits.softmax(logits[request[0][b]])[c];
            lerf[b] += Logits.softmax(logits[request[1][b]])[c];
            kept[b] += Logits.softmax(logits[request[2][b]])[c];
        }
    }

    /** The curves and their areas; null when no text was scored. */
    EvaluationResult.Aopc result() {
        if (texts == 0) {
            return null;
        }
        int n = bins.length;
        double[] m = DeletionCurves.scale(morf, texts);
        double[] l = DeletionCurves.scale(lerf, texts);
        double[] s = DeletionCurves.scale(kept, texts);
        double comp = 0;
        double suff = 0;
        double lcomp = 0;
        for (int b = 1; b <= n; b++) {
            comp += (m[0] - m[b]) / n;
            suff += (s[0] - s[b]) / n;
            lcomp += (l[0] - l[b]) / n;
        }
        return new EvaluationResult.Aopc(texts, bins.clone(), comp, suff, lcomp, comp - lcomp, m, l, s);
    }
}
