package dev.lexray.eval;

import dev.lexray.TokenRelevance;
import dev.lexray.corpus.Rationale;
import dev.lexray.text.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Agreement of word relevance with human rationales, as ERASER (DeYoung et al. 2020) scores it: token-level AUPRC
 * of the relevance against the marked words, and for the top-k words (k = the number of marked words) token F1
 * and IOU F1 (a predicted run of consecutive words matches a human span when their intersection over union is at
 * least 0.5).
 */
public final class Plausibility {
    /** ERASER's IOU threshold for a partial match. */
    public static final double IOU_THRESHOLD = 0.5;

    private Plausibility() {}

    /** Scores of one text. {@code iouPrecision}/{@code iouRecall} are over spans, the F1s over words. */
    public record Scores(double auprc, double averagePrecision, double tokenPrecision, double tokenRecall,
            double tokenF1, double iouPrecision, double iouRecall) {}

    /** Which words a rationale marks: a word is marked when its characters overlap any span of any rationale. */
    public static boolean[] marked(List<TokenRelevance> words, List<Rationale> rationales) {
        boolean[] m = new boolean[words.size()];
        for (int w = 0; w < words.size(); w++) {
            TokenRelevance t = words.get(w);
            for (Rationale r : rationales) {
                for (Span s : r.spans()) {
                    if (t.start() < s.end() && s.start() < t.end()) {
                        m[w] = true;
                    }
                }
            }
        }
        return m;
    }

    /** Each human span as the run of words {start, end} (end exclusive) it overlaps. */
    public static List<int[]> spans(List<TokenRelevance> words, List<Rationale> rationales) {
        List<int[]> out = new ArrayList<>();
        for (Rationale r : rationales) {
            for (Span s : r.spans()) {
                int first = -1;
                int last = -1;
                for (int w = 0; w < words.size(); w++) {
                    TokenRelevance t = words.get(w);
                    if (t.start() < s.end() && s.start() < t.end()) {
                        first = first < 0 ? w : first;
                        last = w;
                    }
                }
                if (first >= 0) {
                    out.add(new int[] {first, last + 1});
                }
            }
        }
        return out;
    }

    /** The scores of one text whose human spans are the runs of consecutive marked words. */
    public static Scores score(boolean[] truth, double[] relevance) {
        return score(truth, runs(truth), relevance);
    }

    /**
     * The scores of one text, or null when no word is marked. {@code truth} marks the rationale's words,
     * {@code gold} lists the human spans as word runs (see {@link #spans}).
     */
    public static Scores score(boolean[] truth, List<int[]> gold, double[] relevance) {
        int k = 0;
        for (boolean t : truth) {
            k += t ? 1 : 0;
        }
        if (k == 0) {
            return null;
        }
        boolean[] top = Rankings.first(Rankings.order(relevance, true), k);
        int hit = 0;
        for (int i = 0; i < truth.length; i++) {
            hit += truth[i] && top[i] ? 1 : 0;
        }
        double p = (double) hit / k;
        double r = (double) hit / k;
        List<int[]> pred = runs(top);
        int matched = 0;
        for (int[] s : pred) {
            double best = 0;
            for (int[] g : gold) {
                best = Math.max(best, iou(s, g));
            }
            matched += best >= IOU_THRESHOLD ? 1 : 0;
        }
        return new Scores(auprc(truth, relevance), averagePrecision(truth, relevance), p, r, f1(p, r),
                (double) matched / pred.size(),
                (double) matched / gold.size());
    }

    /**
     * The area under the precision-recall curve as ERASER computes it (scikit-learn's {@code precision_recall_curve}
     * and {@code auc}): one point per distinct score, from the highest down, plus the point (recall 0, precision 1),
     * joined by the trapezoidal rule.
     */
    public static double auprc(boolean[] truth, double[] score) {
        int positives = 0;
        for (boolean t : truth) {
            positives += t ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        int[] order = Rankings.order(score, true);
        List<double[]> points = new ArrayList<>(); // {recall, precision}
        points.add(new double[] {0, 1});
        int tp = 0;
        int seen = 0;
        for (int j = 0; j < order.length; j++) {
            seen++;
            tp += truth[order[j]] ? 1 : 0;
            boolean lastOfTie = j + 1 == order.length || score[order[j + 1]] != score[order[j]];
            if (lastOfTie) {
                points.add(new double[] {(double) tp / positives, (double) tp / seen});
            }
        }
        double area = 0;
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            area += (b[0] - a[0]) * (a[1] + b[1]) / 2;
        }
        return area;
    }

    /**
     * Average precision as scikit-learn's {@code average_precision_score} computes it: the sum over distinct scores,
     * from the highest down, of the precision there times the recall it adds. Unlike the trapezoidal AUPRC it does
     * not interpolate towards precision 1, so ties (a method that scores every word the same) are not rewarded.
     */
    public static double averagePrecision(boolean[] truth, double[] score) {
        int positives = 0;
        for (boolean t : truth) {
            positives += t ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        int[] order = Rankings.order(score, true);
        double ap = 0;
        double recall = 0;
        int tp = 0;
        for (int j = 0; j < order.length; j++) {
            tp += truth[order[j]] ? 1 : 0;
            if (j + 1 == order.length || score[order[j + 1]] != score[order[j]]) {
                double r = (double) tp / positives;
                ap += (r - recall) * tp / (j + 1);
                recall = r;
            }
        }
        return ap;
    }

    /**
     * The mean scores over the first {@code limit} items with a human rationale, or null when none could be scored.
     *
     * @param words     each item's words, as its explanations report them
     * @param relevance each item's relevance of its words for the true class
     */
    static EvaluationResult.PlausibilityResult mean(List<Item> items, List<List<TokenRelevance>> words,
            double[][] relevance, int limit) {
        int n = 0;
        double auprc = 0;
        double ap = 0;
        double tokenF1 = 0;
        double iouP = 0;
        double iouR = 0;
        for (int i = 0; i < limit; i++) {
            Item item = items.get(i);
            if (item.rationales().isEmpty()) {
                continue;
            }
            List<TokenRelevance> w = words.get(i);
            Scores s = score(marked(w, item.rationales()), spans(w, item.rationales()), relevance[i]);
            if (s == null) {
                continue;
            }
            n++;
            auprc += s.auprc();
            ap += s.averagePrecision();
            tokenF1 += s.tokenF1();
            iouP += s.iouPrecision();
            iouR += s.iouRecall();
        }
        if (n == 0) {
            return null;
        }
        return new EvaluationResult.PlausibilityResult(n, auprc / n, ap / n, tokenF1 / n, f1(iouP / n, iouR / n),
                iouP / n, iouR / n);
    }

    /** Runs of consecutive marked positions as {start, end} (end exclusive). */
    static List<int[]> runs(boolean[] mask) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && (i == 0 || !mask[i - 1])) {
                int j = i;
                while (j < mask.length && mask[j]) {
                    j++;
                }
                out.add(new int[] {i, j});
            }
        }
        return out;
    }

    static double iou(int[] a, int[] b) {
        int inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
        int union = (a[1] - a[0]) + (b[1] - b[0]) - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    static double f1(double p, double r) {
        return p == 0 || r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
