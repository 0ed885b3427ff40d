package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/** Embedding lookup: {@code output [B,T,E]}. Relevance of a token is the sum over its embedding dimensions. */
public record EmbeddingStep(String layerName, NDArray output) implements Step {}
