package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules an explanation was made with. Word-level models: {@code name}/{@code parameters} are the rule of the
 * dense layers, {@code recurrent} the epsilon settings of the LSTM/GRU rules. Transformers: {@code name} is the
 * attention rule ({@code cp-lrp} or {@code attnlrp}) with its epsilon, {@code dense} the rule of the linear maps.
 * {@code layers} lists per-layer overrides (pattern to rule name), when there are any.
 *
 * @param name the rule's name
 * @param parameters the rule's parameters (e.g. {@code epsilon}, {@code bias_factor})
 * @param recurrent the recurrent rule's parameters; null for models without LSTM/GRU layers
 * @param dense transformers only: the rule of the linear maps; null otherwise
 * @param layers per-layer overrides, pattern to rule name; null when there are none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSettings(String name, Map<String, Double> parameters, Map<String, Double> recurrent,
        RuleSettings dense, Map<String, String> layers) {
    /** Copies the maps, sorted by key; an empty {@code layers} becomes null. */
    public RuleSettings {
        parameters = new TreeMap<>(parameters);
        recurrent = recurrent == null ? null : new TreeMap<>(recurrent);
        layers = layers == null || layers.isEmpty() ? null : new TreeMap<>(layers);
    }

    /** Settings without a dense rule of their own and without per-layer overrides. */
    public RuleSettings(String name, Map<String, Double> parameters, Map<String, Double> recurrent) {
        this(name, parameters, recurrent, null, null);
    }
}
