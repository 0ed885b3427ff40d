package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * One part of a linear map's input: its activation {@code a [B,N_k]} and how an output-side quantity
 * {@code q [B,M]} maps back onto it ({@code q W_k}, the transpose of the forward weights).
 */
public record LinearInput(NDArray activation, UnaryOperator<NDArray> backProject) {
    /** An input added to the output one to one (identity weights). */
    public static LinearInput identity(NDArray activation) {
        return new LinearInput(activation, q -> q);
    }
}
