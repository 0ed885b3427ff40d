package dev.lexray.model;

import java.util.Map;

/**
 * A HuggingFace sequence-classification family, found by its {@code model_type}: it reads its sizes from the
 * config (under its own key names) and lays out its layers under its own tensor names. The loader does the rest:
 * labels, tokenizer, weights and their checks.
 *
 * @param <S> the sizes this family reads
 */
public non-sealed interface TransformerArchitecture<S extends TransformerSizes> extends Architecture {
    /** The HF class, e.g. {@code BertForSequenceClassification}; error messages list it. */
    String className();

    /** Reads and checks the family's sizes; every error names the config file and the key. */
    S read(HfConfig config);

    /** Adds the layers from the token ids to {@code numLabels} logits, and the tensors they read. */
    void addLayers(S sizes, int numLabels, LayerPlan plan);

    /** The most tokens one forward pass takes (special tokens included), before tokenizer_config.json caps it. */
    int window(S sizes);

    /**
     * The checked tensors in the layout the layers read: the same map for most families; GPT-2 splits and transposes
     * its {@code Conv1D} weights ({@code [in, out]}) into torch {@code Linear} ones.
     */
    default Map<String, Tensor> toLayerLayout(S sizes, Map<String, Tensor> tensors) {
        return tensors;
    }
}
