package dev.lexray.attribution;

import ai.djl.ndarray.types.DataType;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.text.EncodedText;
import dev.lexray.text.WordGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * LIME for text, as the reference implementation does it: the original plus {@code samples - 1} variants, each
 * deleting a uniformly drawn number (1..d) of randomly chosen words; kernel {@code sqrt(exp(-d^2 / 25^2))} on the
 * cosine distance (times 100) to the original; weighted ridge regression (alpha 1, with intercept) of the target
 * score on word presence. A word's coefficient is its relevance. The samples are drawn from a generator seeded by
 * the method's seed and the text.
 */
final class Lime {
    private static final double KERNEL_WIDTH = 25;
    private static final double RIDGE_ALPHA = 1;

    private Lime() {}

    static BatchAttribution attribute(SequentialClassifier model, List<EncodedText> units, double[][] targetWeights,
            DataType type, AttributionMethod.Lime lime) {
        double[][] relevance = new double[units.size()][];
        double[] base = new double[units.size()];
        for (int u = 0; u < units.size(); u++) {
            EncodedText e = units.get(u);
            List<int[]> words = WordGroups.positions(e, model.isTransformer());
            int d = words.size();
            Random random = new Random(lime.seed() * 1_000_003L + seedOf(e));
            boolean[][] present = new boolean[lime.samples()][d];
            List<EncodedText> variants = new ArrayList<>(lime.samples());
            for (int s = 0; s < lime.samples(); s++) {
                Arrays.fill(present[s], true);
                if (s > 0) {
                    int remove = 1 + random.nextInt(d);
                    List<Integer> order = new ArrayList<>();
                    for (int w = 0; w < d; w++) {
                        order.add(w);
                    }
                    Collections.shuffle(order, random);
                    for (int k = 0; k < remove; k++) {
                        present[s][order.get(k)] = false;
                    }
                }
                boolean[] drop = new boolean[e.length()];
                for (int w = 0; w < d; w++) {
                    if (!present[s][w]) {
                        for (int i : words.get(w)) {
                            drop[i] = true;
                        }
                    }
                }
                variants.add(s == 0 ? e : Words.without(e, drop));
            }
            int[] owner = new int[variants.size()];
            Arrays.fill(owner, u);
            double[][] tw = new double[units.size()][];
            Arrays.fill(tw, targetWeights[u]);
            double[] y = Scoring.scores(model, variants, owner, tw, type);
            base[u] = y[0];
            double[] coef = ridge(present, y);
            relevance[u] = new double[e.length()];
            for (int w = 0; w < d; w++) {
                Words.spread(relevance[u], words.get(w), coef[w]);
            }
        }
        return new BatchAttribution(relevance, base, Baselines.nan(units.size()));
    }

    /**
     * The sampling seed of one unit, from its text and tokens (a window of a long text has its own): the same
     * whether the unit is explained alone or in any batch, in any position.
     */
    static long seedOf(EncodedText e) {
        long h = e.text().hashCode();
        for (int i = 0; i < e.length(); i++) {
            h = h * 31 + e.id(i);
        }
        return h;
    }

    /** Weighted ridge regression with intercept; returns the d feature coefficients. */
    static double[] ridge(boolean[][] present, double[] y) {
        int n = present.length;
        int d = present[0].length;
        double[] weight = new double[n];
        for (int s = 0; s < n; s++) {
            int kept = 0;
            for (boolean p : present[s]) {
                kept += p ? 1 : 0;
            }
            double cosine = kept == 0 ? 0 : Math.sqrt((double) kept / d); // cos(z, 1) for a 0/1 vector z
            double distance = (1 - cosine) * 100;
            weight[s] = Math.sqrt(Math.exp(-distance * distance / (KERNEL_WIDTH * KERNEL_WIDTH)));
        }
        double wsum = 0;
        double ymean = 0;
        double[] xmean = new double[d];
        for (int s = 0; s < n; s++) {
            wsum += weight[s];
            ymean += weight[s] * y[s];
            for (int j = 0; j < d; j++) {
                xmean[j] += present[s][j] ? weight[s] : 0;
            }
        }
        ymean /= wsum;
        for (int j = 0; j < d; j++) {
            xmean[j] /= wsum;
        }
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int s = 0; s < n; s++) {
            double[] xc = new double[d];
            for (int j = 0; j < d; j++) {
                xc[j] = (present[s][j] ? 1 : 0) - xmean[j];
            }
            double yc = y[s] - ymean;
            for (int i = 0; i < d; i++) {
                b[i] += weight[s] * xc[i] * yc;
                for (int j = 0; j < d; j++) {
                    a[i][j] += weight[s] * xc[i] * xc[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += RIDGE_ALPHA;
        }
        return solve(a, b);
    }

    /** Solves the symmetric positive definite system {@code a x = b} by Cholesky decomposition. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j][j];
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
