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
record TokenCost(int heads, int hidden, long floatsPerSlot) {
    /** Token slots only (recurrent and bag models), with no memory estimate. */
    static final TokenCost TOKENS = new TokenCost(0, 1, 0);

    /**
     * What an LRP batch of a transformer may hold at once, per worker: batches are also cut so that their estimated
     * trace fits in it (a BERT-base text of 128 tokens is then a batch of its own).
     */
    static final long BATCH_BYTES = 512L << 20;

    TokenCost {
        if (heads < 0 || hidden < 1 || floatsPerSlot < 0) {
            throw new IllegalArgumentException("heads " + heads + ", hidden " + hidden);
        }
    }

    /**
     * The cost of the classifier's batches: its first encoder layer's heads and width, if it has one, and the floats
     * an LRP trace keeps per token slot, {@code layers * (13 hidden + 3 ffn)} (measured on BERT-base: about 0.95 MB
     * a slot in float32, what the forward pass records plus the backward pass's temporaries).
     */
    static TokenCost of(SequentialClassifier classifier) {
        EncoderLayer first = null;
        int layers = 0;
        for (Layer layer : classifier.layers()) {
            if (layer instanceof EncoderLayer e) {
                first = first == null ? e : first;
                layers++;
            }
        }
        if (first == null) {
            return TOKENS;
        }
        long hidden = rows(classifier.parameters(), first.query().weightName());
        long ffn = rows(classifier.parameters(), first.ffnIn().weightName());
        return new TokenCost(first.heads(), (int) hidden, layers * (13 * hidden + 3 * ffn));
    }

    private static long rows(Parameters p, String weight) {
        return p.has(weight) ? p.shape(weight)[0] : p.get(weight, DataType.FLOAT32).getShape().get(0);
    }

    /** The token budget that keeps a batch's estimated trace within {@code bytes}; unbounded without an estimate. */
    long slotsWithin(long bytes, DataType type) {
        return floatsPerSlot == 0 ? Long.MAX_VALUE : Math.max(1, bytes / (floatsPerSlot * type.getNumOfBytes()));
    }

    /** The cost of {@code size} units padded to {@code length} tokens. */
    long of(int size, int length) {
        long tokens = (long) size * length;
        // Rounded up: a batch within the budget never holds more scores than the budget allows.
        return tokens + (tokens * length * heads + hidden - 1) / hidden;
    }
}
