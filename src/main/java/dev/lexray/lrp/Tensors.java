package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Small numerical helpers shared by the rules. */
final class Tensors {
    private Tensors() {}

    /**
     * {@code numerator / denominator}, and 0 where the denominator is 0 (no contribution, no relevance). The shapes
     * broadcast as in {@link NDArray#div(NDArray)} (e.g. {@code [B,M] / [M]}).
     */
    static NDArray safeDivide(NDArray numerator, NDArray denominator) {
        NDArray zero = denominator.eq(0);
        NDArray safe = NDArrays.where(zero, denominator.onesLike(), denominator);
        NDArray quotient = numerator.div(safe);
        return NDArrays.where(zero.broadcast(quotient.getShape()), quotient.zerosLike(), quotient);
    }

    /** +1 where {@code x >= 0}, else -1 (the sign convention of Arras et al.'s code). */
    static NDArray signNonNegative(NDArray x) {
        return x.gte(0).toType(x.getDataType(), false).mul(2).sub(1);
    }

    static NDArray positive(NDArray x) {
        return x.maximum(0);
    }

    static NDArray negative(NDArray x) {
        return x.minimum(0);
    }
}
