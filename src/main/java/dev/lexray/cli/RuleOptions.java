package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.Precision;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.Composites;
import dev.lexray.lrp.Rules;
import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The LRP options shared by every command that explains. */
final class RuleOptions {
    @Option(names = "--method", paramLabel = "M", defaultValue = "lrp",
            description = "lrp (default), or a baseline: gradient, gradient-x-input, integrated-gradients, occlusion, "
                    + "lime, random.")
    String method;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "50",
            description = "Integrated Gradients steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--ig-baseline", paramLabel = "B", defaultValue = "pad",
            description = "Integrated Gradients baseline: pad (the padding embedding) or zero (default: ${DEFAULT-VALUE}).")
    String igBaseline;

    @Option(names = "--occlusion", paramLabel = "MODE", defaultValue = "unk",
            description = "Occlusion replaces a word by unk or pad, or deletes it (default: ${DEFAULT-VALUE}).")
    String occlusion;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "LIME samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of LIME and random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rule", paramLabel = "RULE", defaultValue = "epsilon",
            description = "Rule of every dense layer: epsilon, zero, gamma, alpha-beta, zplus, wsquare, flat, or "
                    + "deep-taylor (z+ everywhere, w-square at the input layer) (default: ${DEFAULT-VALUE}). "
                    + "Recurrent layers always use Arras et al.'s epsilon-based rules. For transformers, cp-lrp "
                    + "(default) or attnlrp choose the attention rule (dense layers epsilon); attnlrp-lxt is AttnLRP in "
                    + "LXT's exact convention (plain gradient at linear maps, relevance at the word embeddings).")
    String rule;

    @Option(names = "--attention", paramLabel = "A",
            description = "Attention rule of transformers when --rule names a dense rule: cp-lrp (default) or attnlrp.")
    String attention;

    @Option(names = "--layer-rule", paramLabel = "PATTERN=RULE",
            description = "A rule for the layers whose name matches PATTERN (* wildcard), e.g. '*.ffn_*=gamma' or "
                    + "'classifier=zero'; repeatable. When several patterns match a layer, the first one given wins. "
                    + "Rule parameters come from --epsilon, --gamma, --alpha, --beta, --ignore-bias.")
    List<String> layerRules = new ArrayList<>();

    @Option(names = "--epsilon", paramLabel = "E", defaultValue = "" + Composite.DEFAULT_EPSILON,
            description = "Stabiliser of the epsilon rules (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--bias-factor", paramLabel = "B", defaultValue = "" + Composite.DEFAULT_BIAS_FACTOR,
            description = "Share of bias and stabiliser handed back to the inputs; 1 conserves exactly "
                    + "(default: ${DEFAULT-VALUE}).")
    double biasFactor;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.25", description = "Gamma (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "1", description = "Alpha (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "0", description = "Beta (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--ignore-bias",
            description = "gamma, alpha-beta, zplus and wsquare leave biases out (zennit's zero_params=['bias']); by "
                    + "default biases count in the denominators, as in zennit and Bach et al.")
    boolean ignoreBias;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float32",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ExplainOptions.DEFAULT_BATCH_SIZE,
            description = "Texts per padded batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--token-budget", paramLabel = "N", defaultValue = "" + ExplainOptions.DEFAULT_TOKEN_BUDGET,
            description = "Most token equivalents per padded batch: texts x padded length, plus attention scores "
                    + "on transformers; a longer text goes alone (default: ${DEFAULT-VALUE}).")
    int tokenBudget;

    ExplainOptions toOptions() {
        try {
            Map<String, Object> pool = new HashMap<>(Map.of("epsilon", epsilon, "bias_factor", biasFactor,
                    "gamma", gamma, "alpha", alpha, "beta", beta, "ignore_bias", ignoreBias));
            if (attention != null) {
                pool.put("attention", attention);
            }
            Composite composite = Composites.forName(rule, pool);
            for (String spec : layerRules) {
                int eq = spec.lastIndexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new LexrayException("--layer-rule needs PATTERN=RULE, got '" + spec + "'");
                }
                composite = composite.withLayer(spec.substring(0, eq), Rules.fromOptions(spec.substring(eq + 1), pool));
            }
            return ExplainOptions.defaults()
                    .withMethod(Methods.fromOptions(method, Map.of("steps", steps, "baseline", igBaseline,
                            "mode", occlusion, "samples", samples, "seed", seed)))
                    .withComposite(composite)
                    .withPrecision(precision())
                    .withBatchSize(batchSize)
                    .withTokenBudget(tokenBudget);
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
    }

    private Precision precision() {
        return Precision.parse(precision);
    }
}
