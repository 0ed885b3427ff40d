package dev.lexray.eval;

import dev.lexray.Logits;
import java.util.Arrays;

/**
 * Word deletion after Arras et al. 2017, for one method: the accuracy on correctly classified texts as their most
 * relevant words are removed (lower is better), and on misclassified texts as their least relevant words are removed
 * (higher is better), after 1..n words and after fractions of each text.
 */
final class DeletionCurves {
    private final int maxDeletions;
    private final double[] fractions;
    private int correctTexts;
    private int wrongTexts;
    // [k]: texts still classified correctly after the k-th step, [0] before any removal
    private final double[] correctHits;
    private final double[] wrongHits;
    private final double[] correctFractionHits;
    private final double[] wrongFractionHits;

    DeletionCurves(int maxDeletions, double[] fractions) {
        this.maxDeletions = maxDeletions;
        this.fractions = fractions;
        correctHits = new double[maxDeletions + 1];
        wrongHits = new double[maxDeletions + 1];
        correctFractionHits = new double[fractions.length + 1];
        wrongFractionHits = new double[fractions.length + 1];
    }

    /**
     * Adds the variants one text needs, ranked by its true class' relevance: its first 1..n words, then each
     * fraction's words. Returns their indices in {@code variants}: [0] by count, [1] by fraction, from index 1.
     */
    int[][] request(Item item, double[] relevance, Variants variants) {
        int[] order = Rankings.order(relevance, item.correct());
        int[] byCount = new int[maxDeletions + 1];
        for (int k = 1; k <= maxDeletions; k++) {
            byCount[k] = variants.add(Rankings.first(order, k));
        }
        int[] byFraction = new int[fractions.length + 1];
        for (int f = 0; f < fractions.length; f++) {
            byFraction[f + 1] = variants.add(Rankings.first(order, Rankings.count(fractions[f], relevance.length)));
        }
        return new int[][] {byCount, byFraction};
    }

    /** Counts one text's hits, from the logits of the variants {@link #request} asked for. */
    void add(Item item, int[][] request, double[][] logits) {
        double[] hits = item.correct() ? correctHits : wrongHits;
        double[] fractionHits = item.correct() ? correctFractionHits : wrongFractionHits;
        if (item.correct()) {
            correctTexts++;
        } else {
            wrongTexts++;
        }
        hits[0] += item.correct() ? 1 : 0;
        fractionHits[0] += item.correct() ? 1 : 0;
        for (int k = 1; k < request[0].length; k++) {
            hits[k] += Logits.argmax(logits[request[0][k]]) == item.truth() ? 1 : 0;
        }
        for (int f = 1; f < request[1].length; f++) {
            fractionHits[f] += Logits.argmax(logits[request[1][f]]) == item.truth() ? 1 : 0;
        }
    }

    EvaluationResult.Deletion result() {
        double[] counts = new double[maxDeletions + 1];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = k;
        }
        double[] x = new double[fractions.length + 1];
        System.arraycopy(fractions, 0, x, 1, x.length - 1);
        return new EvaluationResult.Deletion(curve(correctTexts, counts, correctHits),
                curve(wrongTexts, counts, wrongHits), curve(correctTexts, x, correctFractionHits),
                curve(wrongTexts, x, wrongFractionHits));
    }

    private static EvaluationResult.Curve curve(int texts, double[] x, double[] hits) {
        return texts == 0 ? null : new EvaluationResult.Curve(texts, x.clone(), scale(hits, texts));
    }

    /** Sums over texts as means. */
    static double[] scale(double[] sums, int n) {
        return Arrays.stream(sums).map(v -> v / n).toArray();
    }
}
