package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The convolutions' forward pass: {@code input [B,T,E]}, the zero-padded embeddings {@code padded [B,T',E]}
 * ({@code T' = max(T, widest filter)}, padding zeroed), one {@link FilterStep} per filter width, and the pooled
 * features {@code output [B, F * widths]} in filter order.
 */
public record ConvolutionStep(ConvolutionLayer layer, NDArray input, NDArray padded, List<FilterStep> filters,
        NDArray output) implements Step {
    public ConvolutionStep {
        filters = List.copyOf(filters);
    }

    /**
     * One filter width: its windows as rows of a linear map, {@code patches [B,W,E*k]} (entry {@code e*k + j} is
     * word {@code w + j}'s dimension {@code e}), its weights {@code weight [F,E*k]} in that layout and {@code bias [F]},
     * the pre-activations {@code z [B,W,F]}, the activations, {@code valid [B,W,1]} (1 for the text's own windows),
     * the winning window per filter {@code argmax [B,F]} (max pooling only) and the pooled {@code output [B,F]}.
     */
    public record FilterStep(ConvolutionLayer.Filter filter, NDArray patches, NDArray weight, NDArray bias, NDArray z,
            NDArray activated, NDArray valid, NDArray argmax, NDArray output) {}

    @Override
    public String layerName() {
        return layer.name();
    }
}
