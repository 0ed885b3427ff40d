package dev.lexray.lrp;

import dev.lexray.runtime.NamedParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Named composites, as zennit's {@code register_composite}: the names {@code --rule} accepts. A rule name
 * ({@link Rules#names()}) puts that rule on every dense layer; {@code deep-taylor} is z+ with w-square at the input
 * layer (Montavon et al. 2017); {@code cp-lrp} and {@code attnlrp} choose the attention rule with epsilon on the
 * dense layers; {@code attnlrp-lxt} is AttnLRP in LXT's exact convention ({@link TransformerRule#lxt()}: the plain
 * gradient at linear maps, relevance at the word embeddings), for comparison with LXT's heatmaps; it takes no
 * epsilon or bias factor. The CLI and Spark both build their composite here.
 */
public final class Composites {
    /** The composite names besides the rule names. */
    public static final List<String> SPECIAL = List.of("deep-taylor", "cp-lrp", "attnlrp", "attnlrp-lxt");

    private Composites() {}

    /** Every name {@link #forName} accepts. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(Rules.names());
        all.addAll(SPECIAL);
        return all;
    }

    /**
     * The composite of this name, its parameters taken from a pool of option values: {@code epsilon} and
     * {@code bias_factor} (also of the recurrent and transformer rules), {@code gamma}, {@code alpha}, {@code beta},
     * {@code ignore_bias}, and {@code attention} ({@code cp-lrp} or {@code attnlrp}; a {@code cp-lrp} or
     * {@code attnlrp} name overrides it). Absent values take their defaults.
     *
     * @throws IllegalArgumentException for an unknown name or a bad value
     */
    public static Composite forName(String name, Map<String, ?> options) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("attnlrp-lxt")) {
            return Composite.uniform(new EpsilonRule(0, 0), new RecurrentRule(0, 0)).withTransformer(TransformerRule.lxt());
        }
        NamedParameters p = new NamedParameters("rule " + n, withDefaults(options));
        RecurrentRule recurrent = new RecurrentRule(p.real("epsilon"), p.real("bias_factor"));
        AttentionRule attention = AttentionRule.parse(p.word("attention"));
        Composite c = switch (n) {
            case "deep-taylor" -> Composite.deepTaylor(recurrent);

            case "cp-lrp", "attnlrp" -> {
                attention = AttentionRule.parse(n);
                yield Composite.uniform(Rules.fromOptions("epsilon", options), recurrent);
            }
            default -> {
                if (!Rules.exists(n)) {
                    throw new IllegalArgumentException("unknown rule '" + name + "': use "
                            + String.join(", ", names()));
                }
                yield Composite.uniform(Rules.fromOptions(n, options), recurrent);
            }
        };
        return c.withTransformer(new TransformerRule(attention, p.real("epsilon"), p.real("bias_factor")));
    }

    private static Map<String, Object> withDefaults(Map<String, ?> options) {
        Map<String, Object> m = new HashMap<>(Map.of("epsilon", Composite.DEFAULT_EPSILON,
                "bias_factor", Composite.DEFAULT_BIAS_FACTOR, "attention", AttentionRule.CP_LRP.cliName()));
        options.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }
}
