package dev.lexray.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Word orders by relevance, word counts for fractions of a text, and masks of removed words. */
public final class Rankings {
    private Rankings() {}

    /**
     * Word indices from the highest relevance to the lowest ({@code descending}) or the reverse; ties keep text
     * order, so a ranking is deterministic.
     */
    public static int[] order(double[] relevance, boolean descending) {
        Comparator<Integer> byValue = Comparator.comparingDouble(i -> relevance[i]);
        if (descending) {
            byValue = byValue.reversed();
        }
        return IntStream.range(0, relevance.length).boxed().sorted(byValue.thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * How many of {@code n} words a fraction takes: {@code ceil(fraction * n)}, so that any positive fraction takes
     * at least one word, and never more than {@code n}.
     */
    public static int count(double fraction, int n) {
        if (fraction <= 0) {
            return 0;
        }
        return (int) Math.min(n, Math.ceil(fraction * n - 1e-9));
    }

    /** A mask over {@code n} words marking the first {@code k} of {@code order}. */
    public static boolean[] first(int[] order, int k) {
        boolean[] m = new boolean[order.length];
        for (int j = 0; j < Math.min(k, order.length); j++) {
            m[order[j]] = true;
        }
        return m;
    }

    /** The complement of a mask. */
    public static boolean[] not(boolean[] mask) {
        boolean[] m = new boolean[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = !mask[i];
        }
        return m;
    }

    /**
     * Spearman's rank correlation of two equally long vectors (Pearson correlation of their ranks, ties sharing the
     * mean rank); NaN when either has fewer than two distinct values.
     */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        return pearson(ranks(a), ranks(b));
    }

    /** Ranks 1..n, ties getting the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        int[] order = order(v, false);
        double[] r = new double[v.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** The absolute values. */
    public static double[] abs(double[] v) {
        return Arrays.stream(v).map(Math::abs).toArray();
    }
}
