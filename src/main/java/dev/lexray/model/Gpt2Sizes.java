package dev.lexray.model;

import dev.lexray.runtime.LexrayException;

/** The sizes of a GPT-2 config under its own key names ({@code n_embd}, {@code n_head}, ...). */
public record Gpt2Sizes(String type, int vocab, int hidden, int heads, int layers, int inner, int positions,
        double eps, DenseLayer.Activation act, int padId) implements TransformerSizes {
    static Gpt2Sizes read(HfConfig c, String type) {
        int hidden = c.dim("n_embd");
        int heads = c.dim("n_head");
        if (hidden % heads != 0) {
            throw new LexrayException(c.file() + ": n_embd " + hidden + " is not a multiple of the " + heads
                    + " attention heads");
        }
        // Variants that change the attention scores are refused rather than computed differently from HF.
        if (!c.json().path("scale_attn_weights").asBoolean(true)
                || c.json().path("scale_attn_by_inverse_layer_idx").asBoolean(false)) {
            throw new LexrayException(c.file() + ": only scale_attn_weights true and scale_attn_by_inverse_layer_idx"
                    + " false are supported");
        }
        if (!c.json().path("pad_token_id").isIntegralNumber()) {
            throw new LexrayException(c.file() + " lacks \"pad_token_id\": a decoder classifier finds the last token"
                    + " of a text from it (HF refuses batches without one); set it, e.g. to eos_token_id");
        }
        int inner = c.json().path("n_inner").isIntegralNumber() ? c.dim("n_inner") : 4 * hidden;
        return new Gpt2Sizes(type, c.dim("vocab_size"), hidden, heads, c.dim("n_layer"), inner,
                c.dim("n_positions"), c.doubleOr("layer_norm_epsilon", 1e-5),
                c.activation("activation_function"), c.intOr("pad_token_id", 0));
    }
}
