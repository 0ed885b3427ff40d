package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The relevance inside the network at one layer, for one text ({@link Explanation#layers()}, from the output down to
 * the embedding). Conservation layer by layer: the next layer's {@code relevanceSum} is this one's minus
 * {@code absorbed} minus {@code initialState}; below the embedding what is left is on the words and special tokens.
 *
 * @param name the layer's name, as composites match it
 * @param kind {@code dense}, {@code pooling-mean} (and the other poolings), {@code lstm}, {@code gru},
 *     {@code encoder}, {@code decoder}, {@code gpt2-block}, {@code layer-norm}, {@code rms-norm} or {@code embedding}
 * @param relevanceSum the relevance that entered the layer, at its output
 * @param absorbed what biases and stabilisers kept there (0 with bias factor 1, up to float rounding)
 * @param initialState recurrent layers: what their initial states took; null for other layers
 * @param attention transformer layers: the relevance the residual sum handed to the attention block; else null
 * @param heads transformer layers: per attention head the relevance that flowed through it (at its queries, keys and
 *     values; under CP-LRP the values alone); they sum to what the attention block passed on. Null otherwise
 * @param positions the relevance of each token position (see {@link Explanation#pieces()}) at the layer's output;
 *     null for layers whose output has no time axis
 * @param neurons dense and recurrent layers: the units with the largest |relevance| (when asked for), largest
 *     first; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "relevance_sum", "absorbed", "initial_state", "attention", "heads", "positions",
    "neurons"})
public record LayerRelevance(String name, String kind, @JsonProperty("relevance_sum") double relevanceSum,
        double absorbed, @JsonProperty("initial_state") Double initialState, Double attention, double[] heads,
        double[] positions, List<Neuron> neurons) {
    public LayerRelevance {
        heads = heads == null ? null : heads.clone();
        positions = positions == null ? null : positions.clone();
        neurons = neurons == null ? null : List.copyOf(neurons);
    }

    /** A copy, or null. */
    @Override
    public double[] heads() {
        return heads == null ? null : heads.clone();
    }

    /** A copy, or null. */
    @Override
    public double[] positions() {
        return positions == null ? null : positions.clone();
    }
}
