package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gamma, alpha-beta and z+ through a whole embedding-bag MLP (mean pooling, two ReLU layers, biases) against an
 * independent plain-Java port of zennit's formulas in double precision: {@code s(z) = z + 1e-6 sign(z)}, biases
 * counted as zennit counts them (or not, with ignore_bias), mean pooling by zennit's Norm rule. Nothing here calls
 * the production rules.
 */
class WholeModelRulesTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"gamma", "alpha-beta", "zplus", "gamma-nobias", "alpha-beta-nobias", "zplus-nobias"})
    void matchesAPlainJavaPortOfZennit(String which) {
        boolean ignoreBias = which.endsWith("-nobias");
        String name = which.replace("-nobias", "");
        Rule rule = switch (name) {
            case "gamma" -> new GammaRule(0.25, ignoreBias);
            case "alpha-beta" -> new AlphaBetaRule(2, 1, ignoreBias);
            default -> new ZPlusRule(ignoreBias);
        };
        RandomModels.Spec spec = RandomModels.bag(List.of(7, 5), "relu", "mean", 51);
        Path dir = RandomModels.write(temp.resolve(which), spec);
        Map<String, Tensor> w = RandomModels.tensors(spec);
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> es = model.explain(RandomModels.TEXTS, ExplainOptions.defaults().withRule(rule)
                    .withPrecision(Precision.FLOAT64));
            for (int i = 0; i < es.size(); i++) {
                Explanation e = es.get(i);
                double[] expected = reference(w, RandomModels.ids(RandomModels.TEXTS.get(i)), e.target().index(),
                        name, ignoreBias);
                assertThat(e.relevances()).as("%s: %s", which, e.text()).containsExactly(expected, within(1e-9));
            }
        }
    }

    private static double s(double z) {
        return z + (z >= 0 ? 1e-6 : -1e-6);
    }

    /** Per token relevance by the formulas, in plain doubles. */
    private static double[] reference(Map<String, Tensor> w, int[] ids, int target, String rule, boolean ignoreBias) {
        Tensor table = w.get("embedding.weight");
        int e = (int) table.dim(1);
        int n = ids.length;
        double[][] x = new double[n][e];
        double[] mean = new double[e];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < e; k++) {
                x[t][k] = table.values()[ids[t] * e + k];
                mean[k] += x[t][k] / n;
            }
        }
        String[] layers = {"mlp.0", "mlp.2", "classifier"};
        double[][] inputs = new double[layers.length][];
        double[] a = mean;
        double[] logits = null;
        for (int l = 0; l < layers.length; l++) {
            inputs[l] = a;
            double[] z = affine(w, layers[l], a);
            a = l < layers.length - 1 ? relu(z) : z;
            logits = z;
        }
        double[] r = new double[logits.length];
        r[target] = logits[target];
        for (int l = layers.length - 1; l >= 0; l--) {
            r = switch (rule) {
                case "gamma" -> gamma(w, layers[l], inputs[l], r, 0.25, ignoreBias);
                case "alpha-beta" -> alphaBeta(w, layers[l], inputs[l], r, 2, 1, ignoreBias);
                default -> alphaBeta(w, layers[l], inputs[l], r, 1, 0, ignoreBias);
            };
        }
        double[] tokens = new double[n];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < e; k++) {
                tokens[t] += x[t][k] * r[k] / s(mean[k]) / n; // zennit's Norm on the mean
            }
        }
        return tokens;
    }

    private static double[] alphaBeta(Map<String, Tensor> w, String layer, double[] a, double[] rOut, double alpha,
            double beta, boolean ignoreBias) {
        double[][] weight = matrix(w.get(layer + ".weight"));
        double[] bias = w.get(layer + ".bias").values() == null ? null : toDouble(w.get(layer + ".bias").values());
        double[] rIn = new double[a.length];
        for (int m = 0; m < weight.length; m++) {
            double pos = ignoreBias ? 0 : Math.max(bias[m], 0);
            double neg = ignoreBias ? 0 : Math.min(bias[m], 0);
            for (int j = 0; j < a.length; j++) {
                double c = a[j] * weight[m][j];
                pos += Math.max(c, 0);
                neg += Math.min(c, 0);
            }
            for (int j = 0; j < a.length; j++) {
                double c = a[j] * weight[m][j];
                rIn[j] += alpha * Math.max(c, 0) / s(pos) * rOut[m] - beta * Math.min(c, 0) / s(neg) * rOut[m];
            }
        }
        return rIn;
    }

    private static double[] gamma(Map<String, Tensor> w, String layer, double[] a, double[] rOut, double g,
            boolean ignoreBias) {
        double[][] weight = matrix(w.get(layer + ".weight"));
        double[] bias = toDouble(w.get(layer + ".bias").values());
        double[] rIn = new double[a.length];
        for (int m = 0; m < weight.length; m++) {
            double z = bias[m];
            for (int j = 0; j < a.length; j++) {
                z += a[j] * weight[m][j];
            }
            if (z == 0) {
                continue;
            }
            // z > 0: favour contributions of z's sign, a+ (w + g w+) + a- (w + g w-); z < 0 the mirror image
            double[] c = new double[a.length];
            double den = ignoreBias ? 0 : bias[m] + g * (z > 0 ? Math.max(bias[m], 0) : Math.min(bias[m], 0));
            for (int j = 0; j < a.length; j++) {
                double wj = weight[m][j];
                double favoured = (a[j] > 0) == (z > 0) ? Math.max(wj, 0) : Math.min(wj, 0);
                c[j] = a[j] * (wj + g * favoured);
                den += c[j];
            }
            for (int j = 0; j < a.length; j++) {
                rIn[j] += c[j] / s(den) * rOut[m];
            }
        }
        return rIn;
    }

    private static double[] affine(Map<String, Tensor> w, String layer, double[] a) {
        double[][] weight = matrix(w.get(layer + ".weight"));
        double[] bias = toDouble(w.get(layer + ".bias").values());
        double[] z = new double[weight.length];
        for (int m = 0; m < weight.length; m++) {
            z[m] = bias[m];
            for (int j = 0; j < a.length; j++) {
                z[m] += a[j] * weight[m][j];
            }
        }
        return z;
    }

    private static double[] relu(double[] z) {
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.max(z[i], 0);
        }
        return out;
    }

    private static double[][] matrix(Tensor t) {
        int rows = (int) t.dim(0);
        int cols = (int) t.dim(1);
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = t.values()[i * cols + j];
            }
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
