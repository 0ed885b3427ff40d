package dev.lexray.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A HuggingFace {@code config.json} and the file it came from: the readers every family uses for its own keys,
 * each naming the file in its error.
 */
public record HfConfig(Path file, JsonNode json) {
    /** {@code model_type}, e.g. {@code "bert"}; the registry finds the family by it. */
    public String modelType() {
        return json.path("model_type").asText("");
    }

    /** The first of {@code architectures}, e.g. {@code "BertForSequenceClassification"}, or "". */
    public String className() {
        return json.path("architectures").path(0).asText("");
    }

    /** A required size: an integer from 1 to {@link WordLevelConfig#MAX_DIM}. */
    public int dim(String key) {
        JsonNode v = json.get(key);
        if (v == null || !v.isIntegralNumber()) {
            throw new LexrayException(file + " lacks the integer \"" + key + "\"");
        }
        long x = v.asLong();
        if (x <= 0 || x > WordLevelConfig.MAX_DIM) {
            throw new LexrayException(file + ": \"" + key + "\" is " + x + ", expected 1 to "
                    + WordLevelConfig.MAX_DIM);
        }
        return (int) x;
    }

    public int intOr(String key, int fallback) {
        return json.path(key).asInt(fallback);
    }

    public double doubleOr(String key, double fallback) {
        return json.path(key).asDouble(fallback);
    }

    /** The activation a key names ({@code "gelu"} when absent). */
    public DenseLayer.Activation activation(String key) {
        String name = json.path(key).asText("gelu");
        return switch (name) {
            case "gelu" -> DenseLayer.Activation.GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> DenseLayer.Activation.GELU_TANH;
            case "relu" -> DenseLayer.Activation.RELU;
            default -> throw new LexrayException(file + ": activation \"" + name
                    + "\" is not supported; use gelu, gelu_new or relu");
        };
    }

    /** The labels from {@code id2label}; {@code LABEL_0}, {@code LABEL_1}, ... as HF names them when absent. */
    public List<String> labels() {
        JsonNode id2label = json.path("id2label");
        int n = json.path("num_labels").asInt(0);
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        if (id2label.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = id2label.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    byIndex.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new LexrayException(file + ": id2label key \"" + e.getKey() + "\" is not an index");
                }
            }
        }
        if (byIndex.isEmpty()) {
            if (n <= 0) {
                n = 2; // HF's default for sequence classification
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add("LABEL_" + i);
            }
            return out;
        }
        if (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
            throw new LexrayException(file + ": id2label must number the classes 0.." + (byIndex.size() - 1));
        }
        if (new HashSet<>(byIndex.values()).size() != byIndex.size()) {
            throw new LexrayException(file + ": id2label labels must be distinct");
        }
        return List.copyOf(byIndex.values());
    }
}
