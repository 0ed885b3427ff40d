package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.ZPlusRule;
import dev.lexray.lrp.ZeroRule;
import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNN small enough to explain on paper: one-dimensional embeddings good = 1, bad = -1, fun = 2; one width-2
 * convolution with two filters, {@code w0 = [1, 2]}, {@code b0 = 0.5} and {@code w1 = [1, -1]}, {@code b1 = 0}; ReLU,
 * max over time; classifier {@code [[2, 1], [-1, 0]]}, bias {@code [0.1, 0]}. On "good bad fun" the windows are
 * (good, bad) and (bad, fun):
 * <pre>
 *   filter 0: 1*1 + 2*(-1) + 0.5 = -0.5 -> 0;   1*(-1) + 2*2 + 0.5 = 3.5 -> 3.5   winner: window 1, 3.5
 *   filter 1: 1*1 - 1*(-1)       =  2   -> 2;   1*(-1) - 1*2       = -3  -> 0     winner: window 0, 2
 *   logits: 2*3.5 + 1*2 + 0.1 = 9.1;  -1*3.5 = -3.5                              explained: class a, 9.1
 * </pre>
 * The two winning windows overlap on "bad", whose relevance is the sum of its shares in both. Every expected value is
 * written out as arithmetic here, never taken from the production code.
 */
class CnnHandComputedTest {
    private static final double TOL = 1e-12;
    private static final String TEXT = "good bad fun";

    @TempDir
    static Path temp;
    static Path dir;

    /** zennit's stabiliser: {@code z + 1e-6 sign(z)}, sign(0) = +1. */
    private static double s(double z) {
        return z + (z >= 0 ? 1e-6 : -1e-6);
    }

    @BeforeAll
    static void write() {
        RandomCnns.Spec spec = new RandomCnns.Spec(List.of(2), 2, 1, List.of(), "relu", "max", 2, true, 1, 0);
        float[] embedding = new float[RandomModels.WORDS.size()];
        embedding[RandomModels.WORDS.indexOf("good")] = 1;
        embedding[RandomModels.WORDS.indexOf("bad")] = -1;
        embedding[RandomModels.WORDS.indexOf("fun")] = 2;
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("embedding.weight", new Tensor("embedding.weight", new long[] {embedding.length, 1}, embedding));
        // [F=2, E=1, k=2]
        t.put("convs.0.weight", new Tensor("convs.0.weight", new long[] {2, 1, 2}, new float[] {1, 2, 1, -1}));
        t.put("convs.0.bias", new Tensor("convs.0.bias", new long[] {2}, new float[] {0.5f, 0}));
        t.put("classifier.weight", new Tensor("classifier.weight", new long[] {2, 2}, new float[] {2, 1, -1, 0}));
        t.put("classifier.bias", new Tensor("classifier.bias", new long[] {2}, new float[] {0.1f, 0}));
        dir = RandomCnns.write(temp.resolve("hand"), spec, t);
    }

    private static Explanation explain(ExplainOptions options) {
        try (LexrayModel model = Lexray.load(dir)) {
            Explanation e = model.explain(TEXT, options.withPrecision(Precision.FLOAT64));
            assertThat(e.logits()).containsExactly(new double[] {2 * 3.5 + 2 + (double) 0.1f, -3.5}, within(TOL));
            assertThat(e.target().index()).isZero();
            return e;
        }
    }

    @Test
    void lrpZeroGivesEachFilterToItsWinningWindowAndOverlapsAddUp() {
        Explanation e = explain(ExplainOptions.defaults().withRule(new ZeroRule(0)));
        // classifier: R_f0 = 2*3.5/z * z = 7, R_f1 = 1*2 = 2 (the bias 0.1 keeps its share)
        // filter 0, window (bad, fun): z = 3.5, bad -1*1, fun 2*2 -> -1/3.5*7 = -2, 4/3.5*7 = 8; window (good, bad): 0
        // filter 1, window (good, bad): z = 2, good 1*1, bad -1*-1 -> 1/2*2 = 1, 1/2*2 = 1
        assertThat(e.relevances()).containsExactly(new double[] {1, -2 + 1, 8}, within(TOL));
    }

    @Test
    void biasFactorOneHandsBiasSharesBackAndConserves() {
        Explanation e = explain(ExplainOptions.defaults().withRule(new EpsilonRule(0, 1)));
        double z = 2 * 3.5 + 2 + (double) 0.1f;
        // classifier: 2 inputs share the bias 0.1 evenly: R_f0 = 7 + 0.05, R_f1 = 2 + 0.05 (q = 9.1/9.1 = 1)
        double r0 = 2 * 3.5 / z * z + (double) 0.1f / 2;
        double r1 = 1 * 2 / z * z + (double) 0.1f / 2;
        // filter 0's window has E*k = 2 inputs, sharing the bias 0.5: (x_j w_j + 0.5/2) / 3.5 * R_f0
        double q0 = r0 / 3.5;
        double q1 = r1 / 2;
        double good = 1 * q1;
        double bad = (-1 + 0.25) * q0 + 1 * q1;
        double fun = (4 + 0.25) * q0;
        assertThat(e.relevances()).containsExactly(new double[] {good, bad, fun}, within(1e-9));
        assertThat(good + bad + fun).isCloseTo(z, within(1e-9));
        assertThat(e.conservation().sum()).isCloseTo(z, within(1e-9));
    }

    @Test
    void theCompositeChoosesTheRuleOfTheConvolutionByName() {
        // z+ on convs.0, LRP-0 on the classifier: R_f0 = 7, R_f1 = 2 as above.
        Explanation e = explain(ExplainOptions.defaults().withRule(new ZeroRule(0))
                .withLayerRule("convs.*", new ZPlusRule()));
        // filter 0, window (bad, fun): positive parts a+w+ + a-w-: bad (-1)(1) -> neither, 0; fun 2*2 = 4; b+ = 0.5
        // filter 1, window (good, bad): good 1*1 = 1; bad: a- = -1, w- = -1 -> 1; z+ = 2
        double fun = 4 / s(4 + 0.5) * 7;
        double good = 1 / s(2) * 2;
        double bad = 1 / s(2) * 2;
        assertThat(e.relevances()).containsExactly(new double[] {good, bad, fun}, within(TOL));

        // gamma 0.25: for z > 0, a+ (w + g w+) + a- (w + g w-); bias b + g b+
        Explanation g = explain(ExplainOptions.defaults().withRule(new ZeroRule(0))
                .withLayerRule("convs.0", new GammaRule(0.25)));
        double up0 = -1 * 1 + 2 * (2 + 0.25 * 2) + (0.5 + 0.25 * 0.5); // window (bad, fun) of filter 0
        double up1 = 1 * (1 + 0.25 * 1) + -1 * (-1 + 0.25 * -1); // window (good, bad) of filter 1, bias 0
        assertThat(g.relevances()).containsExactly(new double[] {1.25 / s(up1) * 2,
                -1 / s(up0) * 7 + 1.25 / s(up1) * 2, 5 / s(up0) * 7}, within(TOL));
    }
}
