package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayException;
import dev.lexray.Precision;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.FlatRule;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.WSquareRule;
import dev.lexray.lrp.ZPlusRule;
import dev.lexray.lrp.ZeroRule;
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
            description = "Rule of every dense layer: epsilon, zero, gamma, alpha-beta, zplus, wsquare, flat "
                    + "(default: ${DEFAULT-VALUE}). Recurrent layers always use Arras et al.'s epsilon-based rules. "
                    + "For transformers, cp-lrp (default) or attnlrp choose the attention rule (dense layers epsilon).")
    String rule;

    @Option(names = "--attention", paramLabel = "A",
            description = "Attention rule of transformers when --rule names a dense rule: cp-lrp (default) or attnlrp.")
    String attention;

    @Option(names = "--layer-rule", paramLabel = "PATTERN=RULE",
            description = "A rule for the layers whose name matches PATTERN (* wildcard), e.g. '*.ffn_*=gamma' or "
                    + "'classifier=zero'; repeatable. Rule parameters come from --epsilon, --gamma, --alpha, --beta.")
    java.util.List<String> layerRules = new java.util.ArrayList<>();

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

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float32",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ExplainOptions.DEFAULT_BATCH_SIZE,
            description = "Texts per padded batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    ExplainOptions toOptions() {
        try {
            AttentionRule attn = attention == null ? AttentionRule.CP_LRP : AttentionRule.parse(attention);
            String dense = rule;
            if (rule.equals("cp-lrp") || rule.equals("attnlrp")) {
                attn = AttentionRule.parse(rule);
                dense = "epsilon";
            }
            ExplainOptions o = ExplainOptions.defaults()
                    .withMethod(method())
                    .withRule(rule(dense))
                    .withRecurrent(new RecurrentRule(epsilon, biasFactor))
                    .withTransformer(new TransformerRule(attn, epsilon))
                    .withPrecision(precision())
                    .withBatchSize(batchSize);
            for (String spec : layerRules) {
                int eq = spec.lastIndexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new LexrayException("--layer-rule needs PATTERN=RULE, got '" + spec + "'");
                }
                o = o.withLayerRule(spec.substring(0, eq), rule(spec.substring(eq + 1)));
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
    }

    private AttributionMethod method() {
        AttributionMethod.Baseline baseline = switch (igBaseline) {
            case "pad" -> AttributionMethod.Baseline.PAD;
            case "zero" -> AttributionMethod.Baseline.ZERO;
            default -> throw new LexrayException("unknown --ig-baseline '" + igBaseline + "': use pad or zero");
        };
        AttributionMethod.OcclusionMode mode = switch (occlusion) {
            case "unk" -> AttributionMethod.OcclusionMode.UNK;
            case "pad" -> AttributionMethod.OcclusionMode.PAD;
            case "delete" -> AttributionMethod.OcclusionMode.DELETE;
            default -> throw new LexrayException("unknown --occlusion '" + occlusion + "': use unk, pad or delete");
        };
        return AttributionMethod.parse(method, steps, baseline, mode, samples, seed);
    }

    private Rule rule(String rule) {
        return switch (rule) {
            case "epsilon" -> new EpsilonRule(epsilon, biasFactor);
            case "zero" -> new ZeroRule(biasFactor);
            case "gamma" -> new GammaRule(gamma);
            case "alpha-beta", "alphabeta" -> {
                if (Math.abs(alpha - beta - 1) > 1e-12) {
                    throw new LexrayException("alpha-beta needs alpha - beta = 1 to conserve relevance, got alpha "
                            + alpha + " and beta " + beta);
                }
                yield new AlphaBetaRule(alpha, beta);
            }
            case "zplus", "z+" -> new ZPlusRule();
            case "wsquare", "w2" -> new WSquareRule();
            case "flat" -> new FlatRule();
            default -> throw new LexrayException("unknown rule '" + rule
                    + "': use epsilon, zero, gamma, alpha-beta, zplus, wsquare or flat (or cp-lrp, attnlrp)");
        };
    }

    private Precision precision() {
        return switch (precision) {
            case "float32", "fp32" -> Precision.FLOAT32;
            case "float64", "fp64", "double" -> Precision.FLOAT64;
            default -> throw new LexrayException("unknown precision '" + precision + "': use float32 or float64");
        };
    }
}
