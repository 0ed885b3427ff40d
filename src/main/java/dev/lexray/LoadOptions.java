package dev.lexray;

/**
 * How to load a model directory. Immutable; start from {@link #defaults()}.
 *
 * @param allowNonfinite load a model whose weights hold NaN or infinite values instead of refusing it; each such
 *     tensor is then reported in {@link LexrayModel#warnings()} (the CLI's {@code --allow-nonfinite}). Scores and
 *     relevances that depend on those values come out NaN or infinite; the others are unaffected (an embedding row
 *     is only read for the words that use it).
 * @param device where the weights live and every batch computes: {@code cpu} (the default), {@code gpu} or
 *     {@code gpu:N}, which needs a CUDA build of libtorch (README, "GPU"); checked when the model loads
 */
public record LoadOptions(boolean allowNonfinite, String device) {
    public LoadOptions {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device must be named: cpu, gpu or gpu:N");
        }
    }

    /** Refuse non-finite weights; compute on the CPU. */
    public static LoadOptions defaults() {
        return new LoadOptions(false, "cpu");
    }

    /** The same options, with non-finite weights allowed (with a warning) or refused. */
    public LoadOptions withAllowNonfinite(boolean allow) {
        return new LoadOptions(allow, device);
    }

    /** The same options on another device: {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public LoadOptions withDevice(String name) {
        return new LoadOptions(allowNonfinite, name);
    }
}
