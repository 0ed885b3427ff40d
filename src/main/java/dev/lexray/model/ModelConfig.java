package dev.lexray.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code config.json} of a word-level model directory. Missing optional keys take the documented defaults in
 * {@link ModelLoader}; unknown keys are ignored so that other tools may add their own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelConfig(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("num_layers") Integer numLayers,
        @JsonProperty("vocab_size") Integer vocabSize,
        @JsonProperty("embedding_dim") Integer embeddingDim,
        @JsonProperty("hidden_size") Integer hiddenSize,
        @JsonProperty("hidden_sizes") List<Integer> hiddenSizes,
        @JsonProperty("activation") String activation,
        @JsonProperty("pooling") String pooling,
        @JsonProperty("num_labels") Integer numLabels,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("tokenizer") String tokenizer,
        @JsonProperty("lowercase") Boolean lowercase,
        @JsonProperty("analyzer") String analyzer,
        @JsonProperty("max_length") Integer maxLength,
        @JsonProperty("filter_sizes") List<Integer> filterSizes,
        @JsonProperty("num_filters") Integer numFilters) {
    /** A config without the convolutional keys ({@code filter_sizes}, {@code num_filters}). */
    public ModelConfig(String architecture, Integer numLayers, Integer vocabSize, Integer embeddingDim,
            Integer hiddenSize, List<Integer> hiddenSizes, String activation, String pooling, Integer numLabels,
            List<String> labels, String tokenizer, Boolean lowercase, String analyzer, Integer maxLength) {
        this(architecture, numLayers, vocabSize, embeddingDim, hiddenSize, hiddenSizes, activation, pooling, numLabels,
                labels, tokenizer, lowercase, analyzer, maxLength, null, null);
    }
}
