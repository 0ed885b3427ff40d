package dev.lexray.model;

import ai.djl.ndarray.types.DataType;

/** What every layer's forward pass needs besides its input: the weights, the compute type and the batch. */
public record ForwardContext(Parameters parameters, DataType dtype, SequenceBatch batch) {}
