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

    private Composite(Rule dense, Map<String, Rule> byName, RecurrentRule recurrent) {
        this.dense = dense;
        this.byName = Map.copyOf(byName);
        this.recurrent = recurrent;
    }

    /** Epsilon with Arras et al.'s defaults everywhere. */
    public static Composite defaults() {
        return uniform(new EpsilonRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR),
                new RecurrentRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR));
    }

    /** One rule for every dense layer, and the given recurrent settings. */
    public static Composite uniform(Rule dense, RecurrentRule recurrent) {
        return new Composite(dense, Map.of(), recurrent);
    }

    /** A copy in which the layer of this name (e.g. {@code classifier}, {@code mlp.0}) uses {@code rule}. */
    public Composite withLayer(String layerName, Rule rule) {
        Map<String, Rule> m = new HashMap<>(byName);
        m.put(layerName, rule);
        return new Composite(dense, m, recurrent);
    }

    public Rule ruleFor(DenseLayer layer) {
        return byName.getOrDefault(layer.name(), dense);
    }

    public Rule denseRule() {
        return dense;
    }

    public RecurrentRule recurrentRule() {
        return recurrent;
    }
}
