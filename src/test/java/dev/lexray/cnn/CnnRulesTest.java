package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.Composites;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.WSquareRule;
import dev.lexray.lrp.ZPlusRule;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dense rule, chosen by the composite, through a CNN: the explanation against a walk written here with plain
 * loops (forward, windows, winners, folding the windows back onto words) that calls only the rule's own
 * {@link Rule#propagate} on each winning window as a dense map of its {@code E*k} inputs, which is how zennit applies
 * a rule to a {@code Conv1d}. The rules themselves are checked against hand computations elsewhere; this checks
 * that the convolution hands each rule the right windows, weights and relevance, and that the composite picks the
 * rule of each filter width by name (and the input-layer rule for the convolutions, as deep Taylor's w-square).
 */
class CnnRulesTest {
    private static final double TOL = 1e-9;

    @TempDir
    static Path temp;

    static Stream<Arguments> cases() {
        List<Composite> composites = new ArrayList<>();
        for (String name : List.of("zero", "epsilon", "gamma", "alpha-beta", "zplus", "wsquare", "flat",
                "deep-taylor")) {
            composites.add(Composites.forName(name, Map.of()));
        }
        composites.add(Composites.forName("alpha-beta", Map.of("alpha", 2.0, "beta", 1.0)));
        composites.add(Composites.forName("epsilon", Map.of("epsilon", 0.1, "bias_factor", 1.0)));
        composites.add(Composites.forName("epsilon", Map.of()).withLayer("convs.1", new GammaRule(0.5))
                .withLayer("mlp.*", new ZPlusRule()).withLayer("convs.*", new WSquareRule()));
        List<Arguments> out = new ArrayList<>();
        for (RandomCnns.Spec spec : List.of(RandomCnns.kim("relu", "max", 41).withHidden(List.of(6)),
                RandomCnns.kim("relu", "mean", 42))) {
            for (Composite c : composites) {
                out.add(Arguments.of(spec, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void explanationEqualsTheWindowByWindowWalk(RandomCnns.Spec spec, Composite composite) {
        Path dir = RandomCnns.write(temp.resolve("r" + spec.seed()), spec);
        Map<String, Tensor> w = RandomCnns.tensors(spec);
        List<String> texts = RandomModels.TEXTS;
        try (LexrayModel model = Lexray.load(dir); NDManager m = TorchRuntime.newManager()) {
            List<Explanation> explained = model.explain(texts, ExplainOptions.defaults().withComposite(composite)
                    .withPrecision(Precision.FLOAT64).withBatchSize(4));
            boolean nonzero = false;
            for (int i = 0; i < texts.size(); i++) {
                Explanation e = explained.get(i);
                double[] expected = walk(m, spec, w, composite, RandomModels.ids(texts.get(i)), e.target().index());
                assertThat(e.relevances()).as(texts.get(i)).containsExactly(expected, within(TOL));
                for (double r : expected) {
                    nonzero |= Math.abs(r) > 1e-3;
                }
            }
            assertThat(nonzero).isTrue();
        }
    }

    /** The reference: forward with loops, then the composite's rules layer by layer, windows folded onto words. */
    private static double[] walk(NDManager m, RandomCnns.Spec spec, Map<String, Tensor> w, Composite composite,
            int[] ids, int target) {
        int e = spec.embeddingDim();
        int f = spec.filters();
        int widest = spec.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int span = Math.max(ids.length, widest);
        double[][] x = new double[span][e]; // zero padding beyond the text
        float[] table = w.get("embedding.weight").values();
        for (int t = 0; t < ids.length; t++) {
            for (int d = 0; d < e; d++) {
                x[t][d] = table[ids[t] * e + d];
            }
        }
        List<double[][]> patches = new ArrayList<>();
        List<double[][]> activations = new ArrayList<>();
        double[] features = new double[f * spec.widths().size()];
        for (int i = 0; i < spec.widths().size(); i++) {
            int k = spec.widths().get(i);
            int windows = span - k + 1;
            double[][] flat = matrix(w.get("convs." + i + ".weight"), f, e * k);
            double[] bias = doubles(w.get("convs." + i + ".bias"));
            double[][] p = new double[windows][e * k];
            double[][] a = new double[windows][f];
            for (int win = 0; win < windows; win++) {
                for (int d = 0; d < e; d++) {
                    for (int j = 0; j < k; j++) {
                        p[win][d * k + j] = x[win + j][d]; // torch's [F,E,k] flattened: index d*k + j
                    }
                }
                for (int o = 0; o < f; o++) {
                    double z = bias[o];
                    for (int n = 0; n < e * k; n++) {
                        z += flat[o][n] * p[win][n];
                    }
                    a[win][o] = Math.max(0, z); // relu
                }
            }
            for (int o = 0; o < f; o++) {
                double pooled = spec.pooling().equals("max") ? Double.NEGATIVE_INFINITY : 0;
                for (int win = 0; win < windows; win++) {
                    pooled = spec.pooling().equals("max") ? Math.max(pooled, a[win][o]) : pooled + a[win][o] / windows;
                }
                features[i * f + o] = pooled;
            }
            patches.add(p);
            activations.add(a);
        }
        // dense layers forward, keeping inputs
        List<String> dense = new ArrayList<>();
        for (int h = 0; h < spec.hiddenSizes().size(); h++) {
            dense.add("mlp." + 2 * h);
        }
        dense.add("classifier");
        List<double[]> inputs = new ArrayList<>();
        double[] act = features;
        for (String name : dense) {
            inputs.add(act);
            Tensor wt = w.get(name + ".weight");
            double[][] wm = matrix(wt, (int) wt.dim(0), (int) wt.dim(1));
            double[] b = doubles(w.get(name + ".bias"));
            double[] out = new double[wm.length];
            for (int o = 0; o < wm.length; o++) {
                out[o] = b[o];
                for (int n = 0; n < act.length; n++) {
                    out[o] += wm[o][n] * act[n];
                }
                if (!name.equals("classifier")) {
                    out[o] = Math.max(0, out[o]);
                }
            }
            act = out;
        }
        double[] relevance = new double[act.length];
        relevance[target] = act[target];
        for (int l = dense.size() - 1; l >= 0; l--) {
            String name = dense.get(l);
            relevance = propagate(m, composite.ruleFor(name, false), inputs.get(l), w.get(name + ".weight"),
                    doubles(w.get(name + ".bias")), relevance);
        }
        double[] words = new double[ids.length];
        for (int i = 0; i < spec.widths().size(); i++) {
            int k = spec.widths().get(i);
            double[][] p = patches.get(i);
            double[][] a = activations.get(i);
            int windows = p.length;
            double[][] perWindow = new double[windows][f];
            for (int o = 0; o < f; o++) {
                double r = relevance[i * f + o];
                if (spec.pooling().equals("max")) {
                    int winner = 0;
                    for (int win = 1; win < windows; win++) {
                        if (a[win][o] > a[winner][o]) {
                            winner = win;
                        }
                    }
                    perWindow[winner][o] = r;
                } else { // zennit's Norm on the mean: a_w / n / s(y) R
                    double y = features[i * f + o];
                    double s = y + (y >= 0 ? 1e-6 : -1e-6);
                    double kept = r;
                    for (int win = 0; win < windows; win++) {
                        perWindow[win][o] = a[win][o] / windows / s * r;
                        kept -= perWindow[win][o];
                    }
                    // what the stabiliser kept goes back evenly to the windows, times the bias factor (as for mean
                    // pooling of words): all of it when every window of the filter is 0
                    for (int win = 0; win < windows; win++) {
                        perWindow[win][o] += kept / windows * composite.recurrentRule().biasFactor();
                    }
                }
            }
            Rule rule = composite.ruleFor("convs." + i, true);
            Tensor wt = w.get("convs." + i + ".weight");
            Tensor flat = new Tensor("flat", new long[] {f, (long) e * k}, wt.values());
            for (int win = 0; win < windows; win++) {
                double[] r = propagate(m, rule, p[win], flat, doubles(w.get("convs." + i + ".bias")), perWindow[win]);
                for (int d = 0; d < e; d++) {
                    for (int j = 0; j < k; j++) {
                        if (win + j < ids.length) { // padding is no word
                            words[win + j] += r[d * k + j];
                        }
                    }
                }
            }
        }
        return words;
    }

    private static double[] propagate(NDManager m, Rule rule, double[] input, Tensor weight, double[] bias,
            double[] relevance) {
        try (NDManager s = m.newSubManager()) {
            NDArray in = s.create(input, new Shape(1, input.length));
            NDArray wt = s.create(doubles(weight), new Shape(weight.shape()));
            NDArray b = s.create(bias);
            NDArray r = s.create(relevance, new Shape(1, relevance.length));
            return rule.propagate(in, wt, b, r).toDoubleArray();
        }
    }

    private static double[][] matrix(Tensor t, int rows, int cols) {
        double[] v = doubles(t);
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v, r * cols, out[r], 0, cols);
        }
        return out;
    }

    private static double[] doubles(Tensor t) {
        return RandomModels.doubles(t);
    }
}
