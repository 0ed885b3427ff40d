package dev.lexray.audit;

/**
 * Borkan et al. 2019's three AUCs of one subgroup, over a set of scored examples D with binary labels:
 * Subgroup AUC over the subgroup's examples D_g; BPSN (background positive, subgroup negative) over the subgroup's
 * negatives and the positives of D \ D_g; BNSP (background negative, subgroup positive) over the subgroup's
 * positives and the negatives of D \ D_g. A low BPSN means the subgroup's benign texts score like the rest's toxic
 * ones (false positives); a low BNSP the reverse. Each is NaN when one of its two sides is empty.
 */
public record BiasAucs(double subgroup, double bpsn, double bnsp) {

    /**
     * The three AUCs of the subgroup {@code inGroup} within the examples (all arrays of one length; the scores are
     * the probability of the positive class, {@code positive} the ground truth).
     */
    public static BiasAucs of(double[] scores, boolean[] positive, boolean[] inGroup) {
        if (scores.length != positive.length || scores.length != inGroup.length) {
            throw new IllegalArgumentException("scores, labels and membership differ in length: " + scores.length
                    + ", " + positive.length + ", " + inGroup.length);
        }
        int n = scores.length;
        double[] gPos = select(scores, positive, inGroup, true, true);
        double[] gNeg = select(scores, positive, inGroup, false, true);
        double[] bPos = select(scores, positive, inGroup, true, false);
        double[] bNeg = select(scores, positive, inGroup, false, false);
        assert gPos.length + gNeg.length + bPos.length + bNeg.length == n;
        return new BiasAucs(RocAuc.of(gPos, gNeg), RocAuc.of(bPos, gNeg), RocAuc.of(gPos, bNeg));
    }

    private static double[] select(double[] scores, boolean[] positive, boolean[] inGroup, boolean pos, boolean group) {
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i] == pos && inGroup[i] == group) {
                count++;
            }
        }
        double[] out = new double[count];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i] == pos && inGroup[i] == group) {
                out[k++] = scores[i];
            }
        }
        return out;
    }
}
