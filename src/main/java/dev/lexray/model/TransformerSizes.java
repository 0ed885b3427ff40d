package dev.lexray.model;

/**
 * The sizes of a HuggingFace config that the shared loader checks (token ids against the vocabulary) and
 * summarises; each family reads them from its own keys and may carry more.
 */
public interface TransformerSizes {
    /** {@code model_type}. */
    String type();

    int vocab();

    int hidden();

    /** Encoder (or decoder) layers. */
    int layers();

    /** {@code pad_token_id}: fills short texts of a batch, and must index the word embeddings. */
    int padId();
}
