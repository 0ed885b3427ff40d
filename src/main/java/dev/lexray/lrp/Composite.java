package dev.lexray.lrp;

import dev.lexray.model.DenseLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which rule each layer gets, as a zennit composite maps layers to rules: one rule for every dense layer (hidden
 * layers, classifier, and the linear maps inside transformer encoders), overridden by layer-name patterns, an
 * optional rule for the input layer, and the recurrent and transformer rules. Immutable.
 *
 * <p>Precedence: the first pattern in {@link #layerRules()} that matches a layer's name (in the order they were
 * added, as on the command line), else the input-layer rule for the input layer, else the dense rule.
 *
 * @param dense the rule of every dense layer no pattern names
 * @param layerRules per-layer rules by name pattern ({@code *} matches any run of characters), first match wins
 * @param inputLayer the rule of the input layer, the dense layer that reads the (pooled) word embeddings directly
 *     (the embedding-bag MLP's first layer; recurrent and transformer models have none); null for the dense rule
 * @param recurrent Arras et al.'s rules for LSTM/GRU cells
 * @param transformer attention rule, epsilon and bias factor of the transformer-specific parts
 */
public record Composite(Rule dense, List<LayerRule> layerRules, Rule inputLayer, RecurrentRule recurrent,
        TransformerRule transformer) {
    /** Arras et al.'s settings: epsilon 0.001, biases keep their share (bias factor 0). */
    public static final double DEFAULT_EPSILON = 0.001;
    public static final double DEFAULT_BIAS_FACTOR = 0.0;

    /** A rule for the layers whose name matches {@code pattern}. */
    public record LayerRule(String pattern, Rule rule) {
        public LayerRule {
            Objects.requireNonNull(rule, "rule");
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("a layer rule needs a layer name or pattern");
            }
        }

        boolean matches(String layerName) {
            return Composite.matches(pattern, layerName);
        }
    }

    public Composite {
        Objects.requireNonNull(dense, "dense rule");
        Objects.requireNonNull(recurrent, "recurrent rule");
        Objects.requireNonNull(transformer, "transformer rule");
        layerRules = List.copyOf(layerRules);
    }

    /** Epsilon with Arras et al.'s defaults everywhere, CP-LRP for attention. */
    public static Composite defaults() {
        return uniform(new EpsilonRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR),
                new RecurrentRule(DEFAULT_EPSILON, DEFAULT_BIAS_FACTOR));
    }

    /** One rule for every dense layer, and the given recurrent settings; CP-LRP with the same epsilon and bias factor. */
    public static Composite uniform(Rule dense, RecurrentRule recurrent) {
        return new Composite(dense, List.of(), null, recurrent,
                new TransformerRule(AttentionRule.CP_LRP, recurrent.epsilon(), recurrent.biasFactor()));
    }

    /**
     * Deep Taylor decomposition for ReLU networks (Montavon et al. 2017): z+ in every dense layer, w-square at the
     * input layer. Recurrent and transformer parts keep the given rules.
     */
    public static Composite deepTaylor(RecurrentRule recurrent) {
        return uniform(new ZPlusRule(), recurrent).withInputLayer(new WSquareRule());
    }

    /** A copy with another rule for every dense layer. */
    public Composite withDense(Rule rule) {
        return new Composite(rule, layerRules, inputLayer, recurrent, transformer);
    }

    /** A copy with these transformer rules (attention rule, epsilon, bias factor). */
    public Composite withTransformer(TransformerRule rule) {
        return new Composite(dense, layerRules, inputLayer, recurrent, rule);
    }

    /** A copy with these recurrent rules. */
    public Composite withRecurrent(RecurrentRule rule) {
        return new Composite(dense, layerRules, inputLayer, rule, transformer);
    }

    /** A copy whose input layer uses {@code rule} (null: the dense rule). */
    public Composite withInputLayer(Rule rule) {
        return new Composite(dense, layerRules, rule, recurrent, transformer);
    }

    /**
     * A copy in which the layers matching {@code pattern} use {@code rule}: an exact name ({@code classifier},
     * {@code mlp.0}, {@code encoder.1.ffn_in}) or a pattern with {@code *} ({@code *.ffn_*}). The pattern goes after
     * those already given, so an earlier pattern that matches the same layer wins; giving the same pattern again
     * replaces its rule in place.
     */
    public Composite withLayer(String pattern, Rule rule) {
        List<LayerRule> rules = new ArrayList<>(layerRules);
        LayerRule added = new LayerRule(pattern, rule);
        int same = -1;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).pattern().equals(pattern)) {
                same = i;
            }
        }
        if (same >= 0) {
            rules.set(same, added);
        } else {
            rules.add(added);
        }
        return new Composite(dense, rules, inputLayer, recurrent, transformer);
    }

    /** The rule of a dense layer; {@code readsInput} marks the input layer. */
    public Rule ruleFor(DenseLayer layer, boolean readsInput) {
        return ruleFor(layer.name(), readsInput);
    }

    /**
     * The rule of a linear map by its name (a dense layer, or one filter width of a convolution, {@code convs.0});
     * {@code readsInput} marks the input layer.
     */
    public Rule ruleFor(String layerName, boolean readsInput) {
        for (LayerRule r : layerRules) {
            if (r.matches(layerName)) {
                return r.rule();
            }
        }
        return readsInput && inputLayer != null ? inputLayer : dense;
    }

    /** The rule of a dense layer that is not the input layer. */
    public Rule ruleFor(DenseLayer layer) {
        return ruleFor(layer, false);
    }

    /** Glob match: {@code *} stands for any run of characters. */
    static boolean matches(String pattern, String name) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*"));
        return name.matches(regex);
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
