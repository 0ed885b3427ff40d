package dev.lexray.audit;

import java.util.Arrays;

/**
 * The area under the ROC curve of scores that should rank positives above negatives: the share of
 * (positive, negative) pairs in which the positive scores higher, a tie counting one half (the Mann-Whitney U
 * statistic over {@code |P| |N|}; what scikit-learn's {@code roc_auc_score} computes). Computed from mid-ranks in
 * {@code O(n log n)}.
 */
public final class RocAuc {
    private RocAuc() {}

    /** The AUC, or NaN when either side is empty (the AUC is undefined). */
    public static double of(double[] positives, double[] negatives) {
        int p = positives.length;
        int n = negatives.length;
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double[][] all = new double[p + n][];
        for (int i = 0; i < p; i++) {
            all[i] = new double[] {check(positives[i]), 1};
        }
        for (int i = 0; i < n; i++) {
            all[p + i] = new double[] {check(negatives[i]), 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        // Sum of the positives' mid-ranks (1-based): tied scores share the mean of their ranks, so a tied
        // (positive, negative) pair counts one half.
        double rankSum = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            int pos = 0;
            while (j < all.length && all[j][0] == all[i][0]) {
                pos += (int) all[j][1];
                j++;
            }
            double midRank = (i + 1 + j) / 2.0;
            rankSum += pos * midRank;
            i = j;
        }
        double u = rankSum - p * (p + 1) / 2.0;
        return u / ((double) p * n);
    }

    private static double check(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("a score is NaN");
        }
        return x;
    }
}
