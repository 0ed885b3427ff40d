package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lexray.model.PoolingStep;
import dev.lexray.model.TimePooling;
import dev.lexray.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

/**
 * Mean and sum pooling follow zennit's {@code Norm} rule exactly: {@code R_t = x_t (dy/dx_t) R / (y + 1e-6 sign y)},
 * so a pooled value near zero no longer blows relevance up; with bias factor 1 the stabiliser's share goes back to
 * the real tokens. One text of three tokens (the third is padding), one dimension, worked out by hand.
 */
class PoolingStabiliserTest {
    // x = [1, -0.999999, 5 (padding)]: the real tokens sum to 1e-6, their mean is 5e-7.
    private static final double[] X = {1, -0.999999, 5};
    private static final double R = 2;

    private static double s(double y) {
        return y + (y >= 0 ? 1e-6 : -1e-6);
    }

    @Test
    void meanPooling() {
        double mean = (1 - 0.999999) / 2;
        double[] r = run(TimePooling.Kind.MEAN, mean, 0);
        assertThat(r).containsExactly(new double[] {1 * R / s(mean) / 2, -0.999999 * R / s(mean) / 2, 0},
                within(1e-6));
    }

    @Test
    void sumPooling() {
        double sum = 1 - 0.999999;
        double[] r = run(TimePooling.Kind.SUM, sum, 0);
        assertThat(r).containsExactly(new double[] {1 * R / s(sum), -0.999999 * R / s(sum), 0}, within(1e-6));
    }

    @Test
    void biasFactorOneHandsTheStabilisersShareBackToTheRealTokens() {
        double sum = 1 - 0.999999;
        double[] r = run(TimePooling.Kind.SUM, sum, 1);
        double passed = (1 - 0.999999) * R / s(sum);
        double share = (R - passed) / 2;
        assertThat(r).containsExactly(new double[] {1 * R / s(sum) + share, -0.999999 * R / s(sum) + share, 0},
                within(1e-6));
        assertThat(r[0] + r[1]).isCloseTo(R, within(1e-9));
    }

    private static double[] run(TimePooling.Kind kind, double pooled, double biasFactor) {
        try (NDManager m = TorchRuntime.newManager()) {
            NDArray input = m.create(X, new Shape(1, 3, 1));
            NDArray mask = m.create(new double[] {1, 1, 0}, new Shape(1, 3, 1));
            NDArray output = m.create(new double[] {pooled}, new Shape(1, 1));
            PoolingStep step = new PoolingStep(new TimePooling("pool", kind, 1, false), input, mask, output, null);
            NDArray r = PoolingPropagation.propagate(step, m.create(new double[] {R}, new Shape(1, 1)), biasFactor);
            return r.toDoubleArray();
        }
    }
}
