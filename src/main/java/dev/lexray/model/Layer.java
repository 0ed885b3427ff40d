package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** One layer of a word-level classifier; computes its forward pass explicitly and records a {@link Step}. */
public sealed interface Layer permits EmbeddingLayer, RecurrentLayer, TimePooling, DenseLayer, ConvolutionLayer,
        TransformerEmbeddingLayer, EncoderLayer, DecoderLayer, NormLayer, Gpt2Layer {
    String name();

    /**
     * The tensors this layer reads, by their names in the weights file (as a DJL block declares its parameters):
     * the randomisation check redraws exactly these, and a layer with none is not a weighted layer.
     */
    List<String> parameterNames();

    Step forward(NDArray input, ForwardContext context);
}
