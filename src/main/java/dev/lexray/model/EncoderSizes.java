package dev.lexray.model;

import dev.lexray.runtime.LexrayException;

/** The sizes the BERT-family encoders (BERT, RoBERTa, DistilBERT) share, under any family's key names. */
record EncoderSizes(String type, int vocab, int hidden, int heads, int layers, int intermediate, int positions,
        int typeVocab, double eps, DenseLayer.Activation act, int padId) implements TransformerSizes {
    /** BERT's key names (RoBERTa's too; they differ in the default padding id). */
    static EncoderSizes readBertKeys(HfConfig c, String type, int defaultPadId) {
        return new EncoderSizes(type, c.dim("vocab_size"), c.dim("hidden_size"), c.dim("num_attention_heads"),
                c.dim("num_hidden_layers"), c.dim("intermediate_size"), c.dim("max_position_embeddings"),
                c.intOr("type_vocab_size", 2), c.doubleOr("layer_norm_eps", 1e-12), c.activation("hidden_act"),
                c.intOr("pad_token_id", defaultPadId)).checkHeads(c);
    }

    /** The heads split the hidden size evenly, or attention cannot be computed. */
    EncoderSizes checkHeads(HfConfig c) {
        if (hidden % heads != 0) {
            throw new LexrayException(c.file() + ": hidden size " + hidden + " is not a multiple of the " + heads
                    + " attention heads");
        }
        return this;
    }
}
