package dev.lexray.audit;

/**
 * The generalised (power) mean {@code M_p = (mean_g m_g^p)^(1/p)} of per-subgroup metrics, Borkan et al. 2019's
 * way of folding them into one number. With a negative {@code p} (the HateXplain authors use -5) the worst subgroups
 * weigh most: M_-5 lies between the minimum and the arithmetic mean.
 */
public final class GeneralisedMean {
    /** The power of the HateXplain bias evaluation. */
    public static final double HATEXPLAIN_POWER = -5;

    private GeneralisedMean() {}

    /**
     * {@code M_p} of the values; NaN if any value is NaN (an undefined subgroup metric is not silently dropped) or
     * there are none. A zero value with a negative {@code p} gives 0 (the limit).
     */
    public static double of(double[] values, double p) {
        if (p == 0 || Double.isNaN(p)) {
            throw new IllegalArgumentException("the power must be a non-zero number, not " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            if (v < 0) {
                throw new IllegalArgumentException("the generalised mean needs non-negative values, not " + v);
            }
            if (v == 0 && p < 0) {
                return 0;
            }
            sum += Math.pow(v, p);
        }
        return Math.pow(sum / values.length, 1 / p);
    }
}
