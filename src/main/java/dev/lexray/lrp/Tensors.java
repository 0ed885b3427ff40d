package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Small numerical helpers shared by the rules. */
final class Tensors {
    /**
     * zennit's default stabiliser ({@code zennit.core.stabilize}): the rules that split by a ratio of modified
     * contributions (gamma, alpha-beta, z+, w-square, flat, mean/sum pooling) divide by {@code z + 1e-6 sign(z)}.
     */
    static final double ZENNIT_EPSILON = 1e-6;

    private Tensors() {}

    /**
     * Arras et al.'s bias factor for an operation whose inputs along {@code axis} of {@code relevanceIn} received
     * less than {@code relevanceOut} (along the same axis) handed down: {@code biasFactor} times the difference
     * (what biases and stabilisers absorbed) is added back, evenly over those inputs. Equal to the bias factor term
     * of {@link EpsilonRule#split}, {@code biasFactor * sum_m (b_m + eps s_m) q_m / N}, since that sum is exactly
     * the difference.
     */
    static NDArray handBack(NDArray relevanceIn, NDArray relevanceOut, int axis, double biasFactor) {
        if (biasFactor == 0) {
            return relevanceIn;
        }
        long n = relevanceIn.getShape().get(axis < 0 ? relevanceIn.getShape().dimension() + axis : axis);
        NDArray absorbed = relevanceOut.sum(new int[] {axis}, true).sub(relevanceIn.sum(new int[] {axis}, true));
        return relevanceIn.add(absorbed.mul(biasFactor / n));
    }

    /** {@code numerator / (z + 1e-6 sign(z))}, sign(0) = +1: zennit's stabilised division. */
    static NDArray divideZennit(NDArray numerator, NDArray z) {
        return numerator.div(stabilise(z, ZENNIT_EPSILON));
    }

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

    /**
     * {@code z + eps * sign(z)} with sign(0) = +1, the stabilised denominator of the epsilon rules. That sign is
     * {@code sign(sign(z) + 1/2)} (+1, -1, and +1 for 0), so the whole is float operations in place on one new array,
     * exactly {@code z +- eps}. The obvious forms are slow on libtorch's CPU kernels: {@code where} is not vectorised
     * and neither is turning {@code z >= 0} into floats; each took about 5-10 % of LRP's time on a BERT-base-sized
     * model.
     */
    static NDArray stabilise(NDArray z, double eps) {
        if (eps == 0) {
            return z;
        }
        return signNonNegative(z).muli(eps).addi(z);
    }

    /** {@code eps * sign(z)} with sign(0) = +1: the stabiliser itself (as in {@link #stabilise}). */
    static NDArray stabiliser(NDArray z, double eps) {
        return signNonNegative(z).muli(eps);
    }

    /**
     * {@code numerator / (z + eps * sign(z))}, 0 where that denominator is 0. With {@code eps > 0} it never is
     * ({@code |z + eps sign(z)| >= eps}), so this is one division.
     */
    static NDArray divideStabilised(NDArray numerator, NDArray z, double eps) {
        NDArray den = stabilise(z, eps);
        return eps > 0 ? numerator.div(den) : safeDivide(numerator, den);
    }

    /** {@code 1 / (z + eps * sign(z))}, 0 where that denominator is 0. */
    static NDArray stabilisedInverse(NDArray z, double eps) {
        return divideStabilised(z.onesLike(), z, eps);
    }

    /**
     * +1 where {@code x >= 0}, else -1 (the sign convention of Arras et al.'s code): {@code sign(sign(x) + 1/2)}, three
     * float operations on one new array.
     */
    static NDArray signNonNegative(NDArray x) {
        return x.sign().addi(0.5).signi();
    }

    static NDArray positive(NDArray x) {
        return x.maximum(0);
    }

    static NDArray negative(NDArray x) {
        return x.minimum(0);
    }
}
