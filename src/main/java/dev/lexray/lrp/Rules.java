package dev.lexray.lrp;

import dev.lexray.runtime.NamedParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one registry of LRP rule names (as zennit's rule and composite registries, or Lucene's {@code forName}):
 * {@code forName(r.name(), r.parameters())} rebuilds {@code r} exactly, and a missing parameter takes its default.
 * The CLI, the JSON {@code rule} field, Spark and the evaluation all go through it.
 */
public final class Rules {
    private record Entry(String name, Map<String, Object> defaults, Function<NamedParameters, Rule> factory) {}

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("alphabeta", "alpha-beta", "z+", "zplus",
            "w2", "wsquare", "w-square", "wsquare", "lrp-0", "zero", "lrp0", "zero");

    static {
        register("epsilon", Map.of("epsilon", Composite.DEFAULT_EPSILON, "bias_factor", Composite.DEFAULT_BIAS_FACTOR),
                p -> new EpsilonRule(p.real("epsilon"), p.real("bias_factor")));
        register("zero", Map.of("bias_factor", Composite.DEFAULT_BIAS_FACTOR), p -> new ZeroRule(p.real("bias_factor")));
        register("gamma", Map.of("gamma", 0.25, "ignore_bias", false),
                p -> new GammaRule(p.real("gamma"), p.flag("ignore_bias")));
        register("alpha-beta", Map.of("alpha", 1.0, "beta", 0.0, "ignore_bias", false),
                p -> new AlphaBetaRule(p.real("alpha"), p.real("beta"), p.flag("ignore_bias")));
        register("zplus", Map.of("ignore_bias", false), p -> new ZPlusRule(p.flag("ignore_bias")));
        register("wsquare", Map.of("ignore_bias", false), p -> new WSquareRule(p.flag("ignore_bias")));
        register("flat", Map.of(), p -> new FlatRule());
    }

    private Rules() {}

    private static void register(String name, Map<String, Object> defaults, Function<NamedParameters, Rule> factory) {
        BY_NAME.put(name, new Entry(name, defaults, factory));
    }

    /** The rule names, in the order the documentation lists them. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The parameters a rule takes, with their defaults. */
    public static Map<String, Object> defaults(String name) {
        return entry(name).defaults();
    }

    /** Whether {@code name} (or an alias of it) names a rule. */
    public static boolean exists(String name) {
        return BY_NAME.containsKey(canonical(name));
    }

    /**
     * The rule of this name with these parameters ({@code Number}, {@code Boolean} or their string forms); absent
     * parameters take the rule's default.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, or a value out of range
     */
    public static Rule forName(String name, Map<String, ?> parameters) {
        Entry e = entry(name);
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(e.defaults().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("rule " + e.name() + " has no parameter " + String.join(", ", unknown)
                    + (e.defaults().isEmpty() ? " (it takes none)"
                    : "; it takes " + String.join(", ", new TreeSet<>(e.defaults().keySet()))));
        }
        Map<String, Object> merged = new LinkedHashMap<>(e.defaults());
        merged.putAll(parameters);
        return e.factory().apply(new NamedParameters(e.name(), merged));
    }

    /** The rule of this name with its default parameters. */
    public static Rule forName(String name) {
        return forName(name, Map.of());
    }

    private static Entry entry(String name) {
        Entry e = BY_NAME.get(canonical(name));
        if (e == null) {
            throw new IllegalArgumentException("unknown rule '" + name + "': use " + String.join(", ", names()));
        }
        return e;
    }

    private static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return ALIASES.getOrDefault(n, n);
    }
}
