package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.runtime.TorchRuntime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every LRP rule on a linear map {@code z = a W^T + b} small enough to work out on paper. The expected input
 * relevances are written out as arithmetic in the test (never taken from the production code), and the rules run
 * on float64 NDArrays, so they must agree to 1e-12. Notation: {@code a} inputs (j), {@code W[m][j]} weights,
 * {@code b[m]} biases, {@code R[m]} relevance of output m.
 */
class RuleHandComputedTest {
    private static final double TOL = 1e-12;

    /** zennit's stabiliser: {@code z + 1e-6 sign(z)}, sign(0) = +1. */
    private static double s(double z) {
        return z + (z >= 0 ? 1e-6 : -1e-6);
    }
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = TorchRuntime.newManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    // The common example: a = [1, 2], W = [[1, -0.5], [0.5, 1]], b = [0.5, -1], R = [1, 2].
    // z_0 = 1*1 + 2*(-0.5) + 0.5 = 0.5;  z_1 = 1*0.5 + 2*1 - 1 = 1.5.
    private static final double[] A = {1, 2};
    private static final double[][] W = {{1, -0.5}, {0.5, 1}};
    private static final double[] B = {0.5, -1};
    private static final double[] R = {1, 2};

    @Test
    void zeroRuleSplitsInProportionToContributionsAndBiasesAbsorbTheirShare() {
        double[] r = run(new ZeroRule(0), A, W, B, R);
        // R_j = sum_m a_j W[m][j] / z_m * R_m
        double r0 = 1 * 1 / 0.5 * 1 + 1 * 0.5 / 1.5 * 2; // 2 + 2/3
        double r1 = 2 * -0.5 / 0.5 * 1 + 2 * 1 / 1.5 * 2; // -2 + 8/3
        assertThat(r).containsExactly(new double[] {r0, r1}, within(TOL));
        // What the inputs do not get, the biases took: b_m / z_m * R_m.
        double biasShare = 0.5 / 0.5 * 1 + -1 / 1.5 * 2;
        assertThat(r[0] + r[1] + biasShare).isCloseTo(R[0] + R[1], within(TOL));
    }

    @Test
    void zeroRuleWithBiasFactorOneHandsTheBiasBack() {
        double[] r = run(new ZeroRule(1), A, W, B, R);
        // + sum_m (b_m / N) / z_m * R_m with N = 2: 0.25/0.5*1 + (-0.5)/1.5*2 = 0.5 - 2/3
        double shared = 0.5 / 2 / 0.5 * 1 + -1.0 / 2 / 1.5 * 2;
        double r0 = 1 * 1 / 0.5 * 1 + 1 * 0.5 / 1.5 * 2 + shared;
        double r1 = 2 * -0.5 / 0.5 * 1 + 2 * 1 / 1.5 * 2 + shared;
        assertThat(r).containsExactly(new double[] {r0, r1}, within(TOL));
        assertThat(r[0] + r[1]).isCloseTo(3.0, within(TOL));
    }

    @Test
    void epsilonRuleWithBiasFactorZero() {
        double[] r = run(new EpsilonRule(0.1, 0), A, W, B, R);
        // z + eps*sign(z): 0.5 + 0.1 = 0.6, 1.5 + 0.1 = 1.6
        double r0 = 1 * 1 / 0.6 * 1 + 1 * 0.5 / 1.6 * 2; // 1.6667 + 0.625
        double r1 = 2 * -0.5 / 0.6 * 1 + 2 * 1 / 1.6 * 2; // -1.6667 + 2.5
        assertThat(r).containsExactly(new double[] {r0, r1}, within(TOL));
        assertThat(r[0] + r[1]).isNotCloseTo(3.0, within(1e-3)); // bias and stabiliser absorbed some
    }

    @Test
    void epsilonRuleWithBiasFactorOneConservesExactly() {
        double[] r = run(new EpsilonRule(0.1, 1), A, W, B, R);
        // Arras's numerator adds (b_m + eps*s_m) / N to every input's contribution, N = 2:
        // m=0: (0.5 + 0.1) / 2 / 0.6 * 1 = 0.5;  m=1: (-1 + 0.1) / 2 / 1.6 * 2 = -0.5625
        double shared = (0.5 + 0.1) / 2 / 0.6 * 1 + (-1 + 0.1) / 2 / 1.6 * 2;
        double r0 = 1 * 1 / 0.6 * 1 + 1 * 0.5 / 1.6 * 2 + shared;
        double r1 = 2 * -0.5 / 0.6 * 1 + 2 * 1 / 1.6 * 2 + shared;
        assertThat(r).containsExactly(new double[] {r0, r1}, within(TOL));
        assertThat(r[0] + r[1]).isCloseTo(R[0] + R[1], within(TOL));
    }

    @Test
    void epsilonStabiliserFollowsTheSignOfANegativeOutput() {
        // a = [1, 2], W = [[1, -1]], b = [0]: z = 1 - 2 = -1, so the denominator is -1 - 0.1 = -1.1.
        double[] r = run(new EpsilonRule(0.1, 0), new double[] {1, 2}, new double[][] {{1, -1}}, new double[] {0},
                new double[] {1});
        assertThat(r).containsExactly(new double[] {1 * 1 / -1.1, 2 * -1 / -1.1}, within(TOL));
        double[] conserved = run(new EpsilonRule(0.1, 1), new double[] {1, 2}, new double[][] {{1, -1}},
                new double[] {0}, new double[] {1});
        double shared = (0 - 0.1) / 2 / -1.1; // (b + eps*s) / N / (z + eps*s), s = -1
        assertThat(conserved).containsExactly(new double[] {1 / -1.1 + shared, 2 / 1.1 + shared}, within(TOL));
        assertThat(conserved[0] + conserved[1]).isCloseTo(1.0, within(TOL));
    }

    @Test
    void anOutputWithZEqualZeroPassesNothingUnderTheZeroRule() {
        // Row 0: a = [1, 2], W_0 = [2, -1], b_0 = 0, z_0 = 0 exactly; row 1 is the common example's row 0.
        double[][] w = {{2, -1}, {1, -0.5}};
        double[] b = {0, 0.5};
        double[] r = run(new ZeroRule(0), new double[] {1, 2}, w, b, new double[] {5, 1});
        // Only row 1 (z_1 = 0.5) passes relevance: 1*1/0.5*1 = 2, 2*(-0.5)/0.5*1 = -2. Row 0's 5 are dropped, not NaN.
        assertThat(r).containsExactly(new double[] {2, -2}, within(TOL));
        // With epsilon, sign(0) = +1, so z_0 + eps = 0.1 and the relevance of row 0 flows:
        double[] e = run(new EpsilonRule(0.1, 0), new double[] {1, 2}, w, b, new double[] {5, 1});
        assertThat(e).containsExactly(new double[] {1 * 2 / 0.1 * 5 + 1 * 1 / 0.6 * 1,
            2 * -1 / 0.1 * 5 + 2 * -0.5 / 0.6 * 1}, within(TOL));
    }

    @Test
    void gammaRuleOnNegativeInputsAndBothSignsOfOutput() {
        double g = 0.25;
        // a = [1, -2]; W = [[2, 1], [-1, 2]]; b = [0.5, -0.5]; R = [1, 2]
        double[] a = {1, -2};
        double[][] w = {{2, 1}, {-1, 2}};
        double[] b = {0.5, -0.5};
        double[] rOut = {1, 2};
        // z_0 = 2 - 2 + 0.5 = 0.5 > 0: a+ (w + g w+), a- (w + g w-), bias b + g b+
        double c00 = 1 * (2 + g * 2); // a_0 = 1 > 0, w = 2 > 0: 2.5
        double c01 = -2 * (1 + g * 0); // a_1 = -2 < 0, w = 1, w- = 0: -2
        double d0 = s(c00 + c01 + (0.5 + g * 0.5)); // 2.5 - 2 + 0.625 = 1.125
        // z_1 = -1 - 4 - 0.5 = -5.5 <= 0: a+ (w + g w-), a- (w + g w+), bias b + g b-
        double c10 = 1 * (-1 + g * -1); // -1.25
        double c11 = -2 * (2 + g * 2); // -5
        double d1 = s(c10 + c11 + (-0.5 + g * -0.5)); // -1.25 - 5 - 0.625 = -6.875
        double r0 = c00 / d0 * rOut[0] + c10 / d1 * rOut[1];
        double r1 = c01 / d0 * rOut[0] + c11 / d1 * rOut[1];
        assertThat(run(new GammaRule(g), a, w, b, rOut)).containsExactly(new double[] {r0, r1}, within(TOL));
        // ignore_bias: the denominators lose the modified bias; each output's sign still comes from z with bias.
        double e0 = s(c00 + c01);
        double e1 = s(c10 + c11);
        assertThat(run(new GammaRule(g, true), a, w, b, rOut)).containsExactly(new double[] {
            c00 / e0 * rOut[0] + c10 / e1 * rOut[1], c01 / e0 * rOut[0] + c11 / e1 * rOut[1]}, within(TOL));
    }

    @Test
    void gammaRuleOnPositiveInputsIsMontavonsFormula() {
        double g = 0.5;
        // a = [1, 3] >= 0, W = [[1, 0.5], [2, -0.5]], no bias: z_0 = 1 + 1.5 = 2.5, z_1 = 2 - 1.5 = 0.5, both > 0.
        double[] a = {1, 3};
        double[][] w = {{1, 0.5}, {2, -0.5}};
        // a_j (w_jm + g w_jm+) / sum_j a_j (w_jm + g w_jm+)
        double c00 = 1 * (1 + g * 1);
        double c01 = 3 * (0.5 + g * 0.5);
        double c10 = 1 * (2 + g * 2);
        double c11 = 3 * (-0.5 + g * 0);
        double[] rOut = {2, -1};
        double r0 = c00 / s(c00 + c01) * 2 + c10 / s(c10 + c11) * -1;
        double r1 = c01 / s(c00 + c01) * 2 + c11 / s(c10 + c11) * -1;
        double[] r = run(new GammaRule(g), a, w, null, rOut);
        assertThat(r).containsExactly(new double[] {r0, r1}, within(TOL));
        assertThat(r[0] + r[1]).isCloseTo(1.0, within(1e-5)); // no bias: conserves up to the 1e-6 stabiliser
        // gamma = 0 is LRP-0 (up to the stabiliser)
        assertThat(run(new GammaRule(0), a, w, null, rOut))
                .containsExactly(run(new ZeroRule(0), a, w, null, rOut), within(1e-5));
    }

    // The alpha-beta example: a = [1, -2, 0.5], W = [[1, 0.5, -2], [-1, -1, 2]], R = [1, 2].
    // Positive contributions a+ w+ + a- w-, negative ones a+ w- + a- w+:
    //   m=0: j0: 1*1 = 1 (pos); j1: -2*0.5 = -1 (neg); j2: 0.5*-2 = -1 (neg)   => Z+_0 = 1, Z-_0 = -2
    //   m=1: j0: 1*-1 = -1 (neg); j1: -2*-1 = 2 (pos); j2: 0.5*2 = 1 (pos)     => Z+_1 = 3, Z-_1 = -1
    private static final double[] AB_A = {1, -2, 0.5};
    private static final double[][] AB_W = {{1, 0.5, -2}, {-1, -1, 2}};
    private static final double[] AB_R = {1, 2};

    @Test
    void alphaBetaRuleOnNegativeInputs() {
        // R_j = alpha sum_m zpos_jm / s(Z+_m) R_m - beta sum_m zneg_jm / s(Z-_m) R_m, alpha 2, beta 1
        double r0 = 2 * (1.0 / s(1) * 1 + 0.0 / s(3) * 2) - 1 * (0.0 / s(-2) * 1 + -1.0 / s(-1) * 2); // 2 - 2 = 0
        double r1 = 2 * (0.0 / s(1) * 1 + 2.0 / s(3) * 2) - 1 * (-1.0 / s(-2) * 1 + 0.0 / s(-1) * 2); // 8/3 - 1/2
        double r2 = 2 * (0.0 / s(1) * 1 + 1.0 / s(3) * 2) - 1 * (-1.0 / s(-2) * 1 + 0.0 / s(-1) * 2); // 4/3 - 1/2
        double[] r = run(new AlphaBetaRule(2, 1), AB_A, AB_W, null, AB_R);
        assertThat(r).containsExactly(new double[] {r0, r1, r2}, within(TOL));
        // alpha - beta = 1 and every output has both parts: conserves (up to the stabiliser).
        assertThat(r[0] + r[1] + r[2]).isCloseTo(3.0, within(1e-5));
    }

    @Test
    void alphaBetaCountsThePositiveBiasInZPlusAndTheNegativeBiasInZMinus() {
        // b = [5, -5]: Z+_0 = 1 + 5 = 6, Z-_0 = -2 + 0; Z+_1 = 3 + 0, Z-_1 = -1 - 5 = -6 (zennit, Bach et al.).
        double[] b = {5, -5};
        double r0 = 2 * (1.0 / s(6) * 1 + 0.0 / s(3) * 2) - 1 * (0.0 / s(-2) * 1 + -1.0 / s(-6) * 2);
        double r1 = 2 * (0.0 / s(6) * 1 + 2.0 / s(3) * 2) - 1 * (-1.0 / s(-2) * 1 + 0.0 / s(-6) * 2);
        double r2 = 2 * (0.0 / s(6) * 1 + 1.0 / s(3) * 2) - 1 * (-1.0 / s(-2) * 1 + 0.0 / s(-6) * 2);
        assertThat(run(new AlphaBetaRule(2, 1), AB_A, AB_W, b, AB_R))
                .containsExactly(new double[] {r0, r1, r2}, within(TOL));
        // ignore_bias (zennit's zero_params=['bias']): a bias changes nothing.
        assertThat(run(new AlphaBetaRule(2, 1, true), AB_A, AB_W, b, AB_R))
                .containsExactly(run(new AlphaBetaRule(2, 1), AB_A, AB_W, null, AB_R), within(TOL));
    }

    @Test
    void alphaMinusBetaMustBeOne() {
        assertThatThrownBy(() -> new AlphaBetaRule(2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha - beta = 1");
        assertThatThrownBy(() -> new AlphaBetaRule(-1, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zPlusRuleOnNegativeInputs() {
        double r0 = 1.0 / s(1) * 1 + 0.0 / s(3) * 2; // 1
        double r1 = 0.0 / s(1) * 1 + 2.0 / s(3) * 2; // 4/3
        double r2 = 0.0 / s(1) * 1 + 1.0 / s(3) * 2; // 2/3
        double[] r = run(new ZPlusRule(), AB_A, AB_W, null, AB_R);
        assertThat(r).containsExactly(new double[] {r0, r1, r2}, within(TOL));
        assertThat(r[0] + r[1] + r[2]).isCloseTo(3.0, within(1e-5));
        assertThat(run(new AlphaBetaRule(1, 0), AB_A, AB_W, null, AB_R)).containsExactly(r, within(TOL));
        // With b = [5, -5] the positive bias of output 0 joins Z+_0 = 1 + 5 and absorbs 5/6 of R_0.
        double[] b = {5, -5};
        assertThat(run(new ZPlusRule(), AB_A, AB_W, b, AB_R)).containsExactly(new double[] {
            1.0 / s(6) * 1, 2.0 / s(3) * 2, 1.0 / s(3) * 2}, within(TOL));
        assertThat(run(new ZPlusRule(true), AB_A, AB_W, b, AB_R)).containsExactly(r, within(TOL));
    }

    @Test
    void anOutputWithoutPositiveContributionPassesNothingUnderZPlus() {
        // a = [1, 2], W = [[-1, -1], [1, 1]]: row 0 has Z+ = 0 (s(0) = 1e-6, numerators 0), row 1 has Z+ = 3.
        double[] r = run(new ZPlusRule(), new double[] {1, 2}, new double[][] {{-1, -1}, {1, 1}}, null,
                new double[] {7, 3});
        assertThat(r).containsExactly(new double[] {1.0 / s(3) * 3, 2.0 / s(3) * 3}, within(TOL));
        // alpha-beta: row 0 gives only its beta part: -beta * zneg_j0 / s(Z-_0) * R_0, Z-_0 = -3
        double[] ab = run(new AlphaBetaRule(2, 1), new double[] {1, 2}, new double[][] {{-1, -1}, {1, 1}}, null,
                new double[] {7, 3});
        assertThat(ab).containsExactly(new double[] {2 * (1.0 / s(3) * 3) - (-1.0 / s(-3) * 7),
            2 * (2.0 / s(3) * 3) - (-2.0 / s(-3) * 7)}, within(TOL));
    }

    @Test
    void wSquareRuleIgnoresTheInput() {
        // W = [[1, 2], [3, -1]]: squares [1, 4] (sum 5) and [9, 1] (sum 10); R = [1, 2]
        double[][] w = {{1, 2}, {3, -1}};
        double r0 = 1.0 / s(5) * 1 + 9.0 / s(10) * 2; // 2.0
        double r1 = 4.0 / s(5) * 1 + 1.0 / s(10) * 2; // 1.0
        assertThat(run(new WSquareRule(), new double[] {-7, 0}, w, null, R))
                .containsExactly(new double[] {r0, r1}, within(TOL));
        // zennit squares the bias too: b = [1, 1] adds 1 to each denominator and absorbs that share.
        assertThat(run(new WSquareRule(), new double[] {1, 2}, w, new double[] {1, 1}, R))
                .containsExactly(new double[] {1.0 / s(6) * 1 + 9.0 / s(11) * 2, 4.0 / s(6) * 1 + 1.0 / s(11) * 2},
                        within(TOL));
        assertThat(run(new WSquareRule(true), new double[] {1, 2}, w, new double[] {1, 1}, R))
                .containsExactly(new double[] {r0, r1}, within(TOL));
        // A row of zero weights passes nothing.
        assertThat(run(new WSquareRule(), new double[] {1, 2}, new double[][] {{0, 0}, {3, -1}}, null, R))
                .containsExactly(new double[] {9.0 / s(10) * 2, 1.0 / s(10) * 2}, within(TOL));
    }

    @Test
    void flatRuleSpreadsEvenlyPerText() {
        // N = 3 inputs; text 0: R = [1, 2] -> 3/s(3) each; text 1: R = [0.5, -2] -> -1.5/s(3) each.
        double[][] w = {{1, 2, 3}, {4, 5, 6}};
        double[][] r = run(new FlatRule(), new double[][] {{1, 2, 3}, {-1, 0, 9}}, w, null,
                new double[][] {{1, 2}, {0.5, -2}});
        double third = 1 / s(3);
        assertThat(r[0]).containsExactly(new double[] {3 * third, 3 * third, 3 * third}, within(TOL));
        assertThat(r[1]).containsExactly(new double[] {-1.5 * third, -1.5 * third, -1.5 * third}, within(TOL));
    }

    @Test
    void rulesKeepTheTextsOfABatchApart() {
        // Text 1 is the common example; text 0 is something else. Text 1's result must not change.
        double[][] r = run(new EpsilonRule(0.1, 1), new double[][] {{3, -4}, A}, W, B, new double[][] {{9, 9}, R});
        double shared = (0.5 + 0.1) / 2 / 0.6 * 1 + (-1 + 0.1) / 2 / 1.6 * 2;
        assertThat(r[1]).containsExactly(new double[] {1 / 0.6 + 0.5 / 1.6 * 2 + shared,
            -1 / 0.6 + 2 / 1.6 * 2 + shared}, within(TOL));
    }

    /** The conservation each rule promises, on random maps (batch of 4, N = 5, M = 3). */
    @Test
    void conservationPropertiesOnRandomMaps() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            double[][] a = gaussian(random, 4, 5);
            double[][] aPos = abs(a);
            double[][] w = gaussian(random, 3, 5);
            double[] b = gaussian(random, 1, 3)[0];
            double[][] rOut = gaussian(random, 4, 3);
            double[] total = rowSums(rOut);
            // epsilon with bias factor 1: exact, with biases and any epsilon
            assertRowSums(run(new EpsilonRule(0.3, 1), a, w, b, rOut), total);
            // LRP-0 without bias, z-rule form: exact
            assertRowSums(run(new ZeroRule(0), a, w, null, rOut), total);
            // LRP-0 with bias: inputs get R_m * (z_m - b_m) / z_m
            double[][] z = linear(a, w, b);
            double[] expected = new double[4];
            for (int i = 0; i < 4; i++) {
                for (int m = 0; m < 3; m++) {
                    expected[i] += rOut[i][m] * (z[i][m] - b[m]) / z[i][m];
                }
            }
            assertRowSums(run(new ZeroRule(0), a, w, b, rOut), expected);
            // alpha-beta: output m hands on alpha R_m P_m / s(P_m + b+_m) through its positive part and
            // -beta R_m N_m / s(N_m + b-_m) through its negative part (P_m, N_m: the inputs' positive and negative
            // contributions); without biases and alpha - beta = 1 that is R_m up to the stabiliser.
            assertRowSums(run(new AlphaBetaRule(2, 1), a, w, b, rOut), alphaBetaTotals(2, 1, a, w, b, rOut));
            assertRowSums(run(new AlphaBetaRule(1.5, 0.5), a, w, b, rOut), alphaBetaTotals(1.5, 0.5, a, w, b, rOut));
            assertRowSums(run(new AlphaBetaRule(2, 1, true), a, w, b, rOut),
                    alphaBetaTotals(2, 1, a, w, new double[3], rOut));
            double[][] both = {{1, -1, 1, -1, 1}};
            double[][] mixed = {{1, 1, -1, 1, -1}, {-1, 1, 1, -1, 1}, {1, -1, 1, 1, -1}};
            assertRowSums(run(new AlphaBetaRule(2, 1), both, mixed, null, new double[][] {rOut[0]}),
                    new double[] {total[0]}, 1e-4);
            // z+ and gamma on non-negative inputs without bias
            assertRowSums(run(new ZPlusRule(), aPos, abs(w), null, rOut), total, 1e-4);
            assertRowSums(run(new GammaRule(0.25), a, w, null, rOut), total, 1e-4);
            // w-square and flat ignore the input and conserve (w-square: without bias)
            assertRowSums(run(new WSquareRule(), a, w, null, rOut), total, 1e-5);
            assertRowSums(run(new WSquareRule(true), a, w, b, rOut), total, 1e-5);
            assertRowSums(run(new FlatRule(), a, w, b, rOut), total, 1e-5);
        }
    }

    /** Per text: sum_m R_m (alpha P_m / s(P_m + b+_m) - beta N_m / s(N_m + b-_m)), from the definition. */
    private static double[] alphaBetaTotals(double alpha, double beta, double[][] a, double[][] w, double[] b,
            double[][] rOut) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int m = 0; m < w.length; m++) {
                double zPos = 0;
                double zNeg = 0;
                for (int j = 0; j < a[i].length; j++) {
                    double c = a[i][j] * w[m][j];
                    zPos += Math.max(c, 0);
                    zNeg += Math.min(c, 0);
                }
                out[i] += rOut[i][m] * (alpha * zPos / s(zPos + Math.max(b[m], 0))
                        - beta * zNeg / s(zNeg + Math.min(b[m], 0)));
            }
        }
        return out;
    }

    private static void assertRowSums(double[][] r, double[] expected) {
        assertRowSums(r, expected, 1e-9);
    }

    private static void assertRowSums(double[][] r, double[] expected, double tolerance) {
        assertThat(rowSums(r)).containsExactly(expected, within(tolerance));
    }

    private static double[] run(Rule rule, double[] a, double[][] w, double[] b, double[] rOut) {
        return run(rule, new double[][] {a}, w, b, new double[][] {rOut})[0];
    }

    /** Runs {@code rule} on float64 NDArrays: {@code a [B,N]}, {@code w [M,N]}, {@code b [M]} or null, R [B,M]. */
    private static double[][] run(Rule rule, double[][] a, double[][] w, double[] b, double[][] rOut) {
        try (NDManager m = manager.newSubManager()) {
            NDArray in = matrix(m, a);
            NDArray weight = matrix(m, w);
            NDArray bias = b == null ? null : m.create(b);
            NDArray out = rule.propagate(in, weight, bias, matrix(m, rOut));
            assertThat(out.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(out.getShape()).isEqualTo(new Shape(a.length, a[0].length));
            double[] flat = out.toDoubleArray();
            double[][] result = new double[a.length][a[0].length];
            for (int i = 0; i < a.length; i++) {
                result[i] = Arrays.copyOfRange(flat, i * a[0].length, (i + 1) * a[0].length);
            }
            return result;
        }
    }

    private static NDArray matrix(NDManager m, double[][] v) {
        double[] flat = Arrays.stream(v).flatMapToDouble(Arrays::stream).toArray();
        return m.create(flat, new Shape(v.length, v[0].length));
    }

    private static double[][] linear(double[][] a, double[][] w, double[] b) {
        double[][] z = new double[a.length][w.length];
        for (int i = 0; i < a.length; i++) {
            for (int m = 0; m < w.length; m++) {
                z[i][m] = b[m];
                for (int j = 0; j < a[i].length; j++) {
                    z[i][m] += a[i][j] * w[m][j];
                }
            }
        }
        return z;
    }

    private static double[][] gaussian(Random random, int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return v;
    }

    private static double[][] abs(double[][] v) {
        return Arrays.stream(v).map(r -> Arrays.stream(r).map(Math::abs).toArray()).toArray(double[][]::new);
    }

    private static double[] rowSums(double[][] v) {
        return Arrays.stream(v).mapToDouble(r -> Arrays.stream(r).sum()).toArray();
    }
}
