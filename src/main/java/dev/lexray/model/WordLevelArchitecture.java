package dev.lexray.model;

import java.util.Set;

/**
 * A word-level family ({@code vocab.txt}, a Lucene analyzer, {@code embedding.weight [V,E]}): it lays out the
 * layers after the shared embedding, up to the classifier.
 */
public non-sealed interface WordLevelArchitecture extends Architecture {
    /**
     * Adds the layers that take the embeddings {@code [B,T,embeddingDim]} to {@code numLabels} logits.
     *
     * @param stored the tensor names in the weights file, or null for a fresh model (training)
     */
    void addLayers(WordLevelConfig config, int embeddingDim, int numLabels, Set<String> stored, LayerPlan plan);
}
