package dev.lexray.lrp;

import dev.lexray.model.DenseLayer;
import java.util.HashMap;
import java.util.Map;

/**
 * Which rule each layer gets: a rule for every dense layer (hidden and classifier) unless a layer is named
 * explicitly, and the recurrent rule for LSTM/GRU cells. Immutable.
 */
public final class Composite {
    /** Arras et al.'s settings: epsilon 0.001, biases keep their share (bias factor 0). */
    public static final double DEFAULT_EPSILON = 0.001;
    public static final double DEFAULT_BIAS_FACTOR = 0.0;

    private final Rule dense;
    private final Map<String, Rule> byName;
    private final RecurrentRule recurrent;
    private final TransformerRule transformer;

    private Composite(Rule dense, Map<String, Rule> byName, RecurrentRule recurrent, TransformerRule transformer) {
        this.dense = dense;
        this.byName = Map.copyOf(byName);
        this.recurrent = recurrent;
        this.transformer = transformer;
    }

    /** Epsilon with Arras et al.'s defaults everywhere. */
    public static Composite defaults() {
        return uniform(new EpsilonRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR),
                new RecurrentRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR));
    }

    /** One rule for every dense layer, and the given recurrent settings. */
    public static Composite uniform(Rule dense, RecurrentRule recurrent) {
        return new Composite(dense, Map.of(), recurrent,
                new TransformerRule(AttentionRule.CP_LRP, recurrent.epsilon()));
    }

    /** A copy with these transformer rules (attention rule and epsilon). */
    public Composite withTransformer(TransformerRule rule) {
        return new Composite(dense, byName, recurrent, rule);
    }

    /**
     * A copy in which the layer of this name uses {@code rule}: an exact name ({@code classifier}, {@code mlp.0},
     * {@code encoder.1.ffn_in}) or a pattern with {@code *} ({@code *.ffn_*} for every feed-forward map).
     */
    public Composite withLayer(String layerName, Rule rule) {
        Map<String, Rule> m = new HashMap<>(byName);
        m.put(layerName, rule);
        return new Composite(dense, m, recurrent, transformer);
    }

    public Rule ruleFor(DenseLayer layer) {
        Rule exact = byName.get(layer.name());
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Rule> e : byName.entrySet()) {
            if (e.getKey().contains("*") && matches(e.getKey(), layer.name())) {
                return e.getValue();
            }
        }
        return dense;
    }

    /** Glob match: {@code *} stands for any run of characters. */
    static boolean matches(String pattern, String name) {
        String regex = java.util.Arrays.stream(pattern.split("\\*", -1))
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return name.matches(regex);
    }

    /** Layer-name patterns with their own rule. */
    public Map<String, Rule> layerRules() {
        return byName;
    }

    public Rule denseRule() {
        return dense;
    }

    public RecurrentRule recurrentRule() {
        return recurrent;
    }

    public TransformerRule transformerRule() {
        return transformer;
    }
}
