package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule an explanation was made with: the rule of the dense layers with its parameters, and for recurrent
 * models the epsilon settings of the recurrent rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSettings(String name, Map<String, Double> parameters, Map<String, Double> recurrent) {
    public RuleSettings {
        parameters = new TreeMap<>(parameters);
        recurrent = recurrent == null ? null : new TreeMap<>(recurrent);
    }
}
