package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Which time steps of a batch hold padding for some text, from the texts' lengths, with that step's mask as
 * {@code [B,1,1]} arrays: recurrent layers hold their state at those steps only (at every other step the held value
 * is the new one), so a batch of equal lengths pays nothing for masking.
 */
public record StepPadding(boolean[] padded, NDArray[] keep, NDArray[] drop, NDArray mask, boolean any) {
    /** For a batch whose padded length is {@code steps}. */
    public static StepPadding of(SequenceBatch batch, int steps) {
        int min = steps;
        for (int l : batch.lengths()) {
            min = Math.min(min, l);
        }
        boolean[] padded = new boolean[steps];
        NDArray[] keep = new NDArray[steps];
        NDArray[] drop = new NDArray[steps];
        NDArray m = batch.mask().expandDims(2); // [B,T,1]
        if (min < steps) {
            NDList keeps = steps == 1 ? new NDList(m) : m.split(steps, 1);
            NDArray d = m.neg().add(1);
            NDList drops = steps == 1 ? new NDList(d) : d.split(steps, 1);
            for (int t = min; t < steps; t++) {
                padded[t] = true;
                keep[t] = keeps.get(t);
                drop[t] = drops.get(t);
            }
        }
        return new StepPadding(padded, keep, drop, m, min < steps);
    }

    /** True where some text of the batch is padding at step t. */
    public boolean padded(int t) {
        return padded[t];
    }

    /** {@code mask ? next : previous} at step t, for {@code [B,1,X]} arrays; {@code next} itself at a full step. */
    public NDArray hold(int t, NDArray next, NDArray previous) {
        return padded[t] ? next.mul(keep[t]).add(previous.mul(drop[t])) : next;
    }

    /** {@code a [B,T,X]} with padded positions set to 0 ({@code a} itself when the batch has no padding). */
    public NDArray zeroPadding(NDArray a) {
        return any ? a.mul(mask) : a;
    }
}
