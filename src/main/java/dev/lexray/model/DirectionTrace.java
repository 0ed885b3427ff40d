package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * One direction of a recurrent layer, step by step. Arrays are indexed by text position {@code t} (not by
 * processing order); each is {@code [B,1,H]} (the layer's input is the step's {@code input [B,T,In]}).
 */
public sealed interface DirectionTrace permits DirectionTrace.Lstm, DirectionTrace.Gru {
    boolean reverse();

    /**
     * LSTM after torch: {@code c_t = f*c_{t-1} + i*g}, {@code h_t = o*tanh(c_t)}, {@code g = tanh(gPre)},
     * {@code gPre = x W_ig^T + h_{t-1} W_hg^T + b_g} with {@code b_g = b_ig + b_hg}.
     */
    record Lstm(boolean reverse, NDArray[] hPrev, NDArray[] fc, NDArray[] ig, NDArray[] c, NDArray[] gPre,
            NDArray wIg, NDArray wHg, NDArray bG) implements DirectionTrace {}

    /**
     * GRU after torch: {@code h_t = (1-z)*n + z*h_{t-1}}, {@code n = tanh(nPre)},
     * {@code nPre = x W_in^T + b_in + r*(h_{t-1} W_hn^T + b_hn)}.
     */
    record Gru(boolean reverse, NDArray[] hPrev, NDArray[] r, NDArray[] zh, NDArray[] nTerm, NDArray[] h,
            NDArray[] nPre, NDArray wIn, NDArray wHn, NDArray bIn, NDArray bHn) implements DirectionTrace {}
}
