package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.Rules;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.NamedParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings an explanation was made with, as the JSON {@code rule} field prints them, and the one way to read
 * them back: {@link #of} prints, {@link #toComposite()} and {@link #toMethod(String)} parse, exactly
 * ({@code RuleSettings.of(m, c).toComposite().equals(c)}). For LRP: the dense rule ({@code name},
 * {@code parameters}), the per-layer rules in precedence order ({@code layers}), the input-layer rule
 * ({@code input_layer}), the recurrent rule ({@code recurrent}: epsilon, bias factor) and the transformer rule
 * ({@code attention}: cp-lrp or attnlrp, epsilon, bias factor). For a baseline: the method's name and parameters.
 *
 * @param name the dense rule's name, or the baseline method's name
 * @param parameters its parameters, all of them
 * @param layers per-layer rules, first matching pattern wins; null when there are none
 * @param inputLayer the rule of the input layer; null when it is the dense rule
 * @param recurrent the recurrent rule's parameters; null for baselines
 * @param attention the transformer rule; null for baselines
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "parameters", "layers", "input_layer", "recurrent", "attention"})
public record RuleSettings(String name, Map<String, Object> parameters, List<LayerSetting> layers,
        @JsonProperty("input_layer") Named inputLayer, Map<String, Object> recurrent, Named attention) {
    /** A rule (or attention rule) by name, with its parameters. */
    @JsonPropertyOrder({"name", "parameters"})
    public record Named(String name, Map<String, Object> parameters) {
        public Named {
            parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
        }

        static Named of(Rule rule) {
            return new Named(rule.name(), rule.parameters());
        }

        Rule toRule() {
            return Rules.forName(name, parameters);
        }
    }

    /** The rule of the layers matching {@code pattern}. */
    @JsonPropertyOrder({"pattern", "name", "parameters"})
    public record LayerSetting(String pattern, String name, Map<String, Object> parameters) {
        public LayerSetting {
            parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
        }
    }

    /** Copies the maps, sorted by key; an empty {@code layers} becomes null. */
    public RuleSettings {
        parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
        layers = layers == null || layers.isEmpty() ? null : List.copyOf(layers);
        recurrent = recurrent == null ? null : new TreeMap<>(recurrent);
    }

    /** A rule or method with its parameters and, for recurrent models, the recurrent rule's parameters. */
    public RuleSettings(String name, Map<String, ?> parameters, Map<String, ?> recurrent) {
        this(name, parameters == null ? null : new TreeMap<String, Object>(parameters), null, null,
                recurrent == null ? null : new TreeMap<String, Object>(recurrent), null);
    }

    /** What {@code method} with {@code composite} prints: the composite for LRP, else the method. */
    public static RuleSettings of(AttributionMethod method, Composite composite) {
        if (!(method instanceof AttributionMethod.Lrp)) {
            return new RuleSettings(method.name(), method.parameters(), null, null, null, null);
        }
        return of(composite);
    }

    /** The composite's settings. */
    public static RuleSettings of(Composite c) {
        List<LayerSetting> layers = new ArrayList<>();
        for (Composite.LayerRule r : c.layerRules()) {
            layers.add(new LayerSetting(r.pattern(), r.rule().name(), r.rule().parameters()));
        }
        TransformerRule t = c.transformer();
        return new RuleSettings(c.dense().name(), c.dense().parameters(), layers,
                c.inputLayer() == null ? null : Named.of(c.inputLayer()), c.recurrent().parameters(),
                new Named(t.attention().cliName(), t.parameters()));
    }

    /**
     * The composite these settings describe; absent parts take the defaults of {@link Composite#defaults()}.
     *
     * @throws LexrayException naming the unknown rule, parameter or bad value
     */
    public Composite toComposite() {
        try {
            Composite c = Composite.defaults().withDense(Rules.forName(name, parameters));
            if (layers != null) {
                for (LayerSetting l : layers) {
                    c = c.withLayer(l.pattern(), Rules.forName(l.name(), l.parameters()));
                }
            }
            if (inputLayer != null) {
                c = c.withInputLayer(inputLayer.toRule());
            }
            if (recurrent != null) {
                NamedParameters p = new NamedParameters("recurrent", withDefaults(recurrent, c.recurrent().parameters()));
                c = c.withRecurrent(new RecurrentRule(p.real("epsilon"), p.real("bias_factor")));
            }
            if (attention != null) {
                NamedParameters p = new NamedParameters(attention.name(),
                        withDefaults(attention.parameters(), c.transformer().parameters()));
                c = c.withTransformer(new TransformerRule(AttentionRule.parse(attention.name()), p.real("epsilon"),
                        p.real("bias_factor"), p.flag("word_embeddings_only")));
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
    }

    /**
     * The attribution method these settings describe: LRP when {@code methodName} is {@code lrp}, else the baseline
     * of that name with these parameters.
     */
    public AttributionMethod toMethod(String methodName) {
        try {
            if (Methods.forName(methodName) instanceof AttributionMethod.Lrp) {
                return new AttributionMethod.Lrp();
            }
            return Methods.forName(methodName, parameters);
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
    }

    private static Map<String, Object> withDefaults(Map<String, Object> given, Map<String, Object> defaults) {
        Map<String, Object> m = new TreeMap<>(defaults);
        m.putAll(given);
        return m;
    }
}
