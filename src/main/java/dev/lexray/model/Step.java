package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * What one layer's forward pass left behind for the backward (relevance) pass: its input, its output and the
 * intermediate values its propagation rules need. A {@link Trace} is the list of steps in forward order.
 */
public sealed interface Step permits EmbeddingStep, RecurrentStep, PoolingStep, DenseStep, ConvolutionStep,
        TransformerEmbeddingStep, EncoderLayerStep, DecoderLayerStep, NormStep, Gpt2LayerStep {
    /** The layer's name, as composites match it. */
    String layerName();

    /** The layer's output, the next layer's input. */
    NDArray output();
}
