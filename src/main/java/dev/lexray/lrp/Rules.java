package dev.lexray.lrp;

import dev.lexray.runtime.NamedRegistry;
import java.util.List;
import java.util.Map;

/**
 * The one registry of LRP rule names (as zennit's rule and composite registries, or Lucene's {@code forName}):
 * {@code forName(r.name(), r.parameters())} rebuilds {@code r} exactly, and a missing parameter takes its default.
 * The CLI, the JSON {@code rule} field, Spark and the evaluation all go through it.
 */
public final class Rules {
    private static final NamedRegistry<Rule> REGISTRY = new NamedRegistry<Rule>("rule")
            .register("epsilon", Map.of("epsilon", Composite.DEFAULT_EPSILON, "bias_factor", Composite.DEFAULT_BIAS_FACTOR),
                    p -> new EpsilonRule(p.real("epsilon"), p.real("bias_factor")))
            .register("zero", Map.of("bias_factor", Composite.DEFAULT_BIAS_FACTOR),
                    p -> new ZeroRule(p.real("bias_factor")))
            .register("gamma", Map.of("gamma", 0.25, "ignore_bias", false),
                    p -> new GammaRule(p.real("gamma"), p.flag("ignore_bias")))
            .register("alpha-beta", Map.of("alpha", 1.0, "beta", 0.0, "ignore_bias", false),
                    p -> new AlphaBetaRule(p.real("alpha"), p.real("beta"), p.flag("ignore_bias")))
            .register("zplus", Map.of("ignore_bias", false), p -> new ZPlusRule(p.flag("ignore_bias")))
            .register("wsquare", Map.of("ignore_bias", false), p -> new WSquareRule(p.flag("ignore_bias")))
            .register("flat", Map.of(), p -> new FlatRule())
            .alias("alphabeta", "alpha-beta").alias("z+", "zplus").alias("w2", "wsquare").alias("w-square", "wsquare")
            .alias("lrp-0", "zero").alias("lrp0", "zero");

    private Rules() {}

    /** The rule names, in the order the documentation lists them. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /** The parameters a rule takes, with their defaults. */
    public static Map<String, Object> defaults(String name) {
        return REGISTRY.defaults(name);
    }

    /** Whether {@code name} (or an alias of it) names a rule. */
    public static boolean exists(String name) {
        return REGISTRY.exists(name);
    }

    /**
     * The rule of this name with these parameters ({@code Number}, {@code Boolean} or their string forms); absent
     * parameters take the rule's default.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, or a value out of range
     */
    public static Rule forName(String name, Map<String, ?> parameters) {
        return REGISTRY.forName(name, parameters);
    }

    /**
     * The rule of this name, taking the parameters it uses from a pool of option values (as the command line has
     * them: {@code epsilon}, {@code bias_factor}, {@code gamma}, {@code alpha}, {@code beta}, {@code ignore_bias});
     * the others are ignored.
     */
    public static Rule fromOptions(String name, Map<String, ?> options) {
        return REGISTRY.fromOptions(name, options);
    }

    /** The rule of this name with its default parameters. */
    public static Rule forName(String name) {
        return forName(name, Map.of());
    }
}
