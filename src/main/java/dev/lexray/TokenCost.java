package dev.lexray;

import ai.djl.ndarray.types.DataType;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.Layer;
import dev.lexray.model.Parameters;
import dev.lexray.model.SequentialClassifier;

/**
 * What a padded batch costs in memory, in token equivalents: its {@code B*T} token slots (every layer's activations
 * grow with them), plus on a transformer its attention scores {@code B*heads*T*T}, counted in hidden-width vectors
 * ({@code /hidden}) so that one budget weighs both. A zero {@code heads} means no attention.
 */
record TokenCost(int heads, int hidden) {
    /** Token slots only (recurrent and bag models). */
    static final TokenCost TOKENS = new TokenCost(0, 1);

    TokenCost {
        if (heads < 0 || hidden < 1) {
            throw new IllegalArgumentException("heads " + heads + ", hidden " + hidden);
        }
    }

    /** The cost of the classifier's batches: its first encoder layer's heads and width, if it has one. */
    static TokenCost of(SequentialClassifier classifier) {
        for (Layer layer : classifier.layers()) {
            if (layer instanceof EncoderLayer e) {
                Parameters p = classifier.parameters();
                String w = e.query().weightName();
                long hidden = p.has(w) ? p.tensor(w).dim(0) : p.get(w, DataType.FLOAT32).getShape().get(0);
                return new TokenCost(e.heads(), (int) hidden);
            }
        }
        return TOKENS;
    }

    /** The cost of {@code size} units padded to {@code length} tokens. */
    long of(int size, int length) {
        long tokens = (long) size * length;
        // Rounded up: a batch within the budget never holds more scores than the budget allows.
        return tokens + (tokens * length * heads + hidden - 1) / hidden;
    }
}
