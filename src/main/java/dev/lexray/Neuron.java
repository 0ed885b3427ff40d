package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One hidden unit of a dense or recurrent layer, for one text: the relevance that reached it (summed over time for a
 * recurrent unit) and its activation (recurrent: the mean over the text's tokens).
 *
 * @param index the unit's index in the layer's output (a bidirectional layer: forward units first)
 * @param relevance the relevance that entered the unit
 * @param activation the unit's activation
 * @param word recurrent units: the word at the position where the unit received the largest |relevance|; null for
 *     dense units (they see the whole text at once)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "relevance", "activation", "word"})
public record Neuron(int index, double relevance, double activation, String word) {}
