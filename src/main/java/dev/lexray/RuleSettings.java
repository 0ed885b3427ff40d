package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules an explanation was made with. Word-level models: {@code name}/{@code parameters} are the rule of the
 * dense layers, {@code recurrent} the epsilon settings of the LSTM/GRU rules. Transformers: {@code name} is the
 * attention rule ({@code cp-lrp} or {@code attnlrp}) with its epsilon, {@code dense} the rule of the linear maps.
 * {@code layers} lists per-layer overrides (pattern to rule name), when there are any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSettings(String name, Map<String, Double> parameters, Map<String, Double> recurrent,
        RuleSettings dense, Map<String, String> layers) {
    public RuleSettings {
        parameters = new TreeMap<>(parameters);
        recurrent = recurrent == null ? null : new TreeMap<>(recurrent);
        layers = layers == null || layers.isEmpty() ? null : new TreeMap<>(layers);
    }

    public RuleSettings(String name, Map<String, Double> parameters, Map<String, Double> recurrent) {
        this(name, parameters, recurrent, null, null);
    }
}
