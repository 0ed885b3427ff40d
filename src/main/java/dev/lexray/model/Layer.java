package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/** One layer of a word-level classifier; computes its forward pass explicitly and records a {@link Step}. */
public sealed interface Layer permits EmbeddingLayer, RecurrentLayer, TimePooling, DenseLayer, TransformerEmbeddingLayer,
        EncoderLayer {
    String name();

    Step forward(NDArray input, ForwardContext context);
}
