package dev.lexray;

/**
 * How to load a model directory. Immutable; start from {@link #defaults()}.
 *
 * @param allowNonfinite load a model whose weights hold NaN or infinite values instead of refusing it; each such
 *     tensor is then reported in {@link LexrayModel#warnings()} (the CLI's {@code --allow-nonfinite}). Scores and
 *     relevances that depend on those values come out NaN or infinite; the others are unaffected (an embedding row
 *     is only read for the words that use it).
 */
public record LoadOptions(boolean allowNonfinite) {
    /** Refuse non-finite weights. */
    public static LoadOptions defaults() {
        return new LoadOptions(false);
    }

    /** The same options, with non-finite weights allowed (with a warning) or refused. */
    public LoadOptions withAllowNonfinite(boolean allow) {
        return new LoadOptions(allow);
    }
}
