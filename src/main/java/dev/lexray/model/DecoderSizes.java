package dev.lexray.model;

import dev.lexray.runtime.LexrayException;

/**
 * The sizes of a Llama-style decoder (Llama, Mistral, Qwen2) under HF's key names.
 *
 * @param kvHeads {@code num_key_value_heads} (grouped-query attention; equal to {@code heads} without it)
 * @param headDim {@code head_dim}, or {@code hidden / heads} when the config does not set it
 * @param slidingWindow keys further back than this many positions are masked (Mistral), 0 for none
 */
public record DecoderSizes(String type, int vocab, int hidden, int heads, int kvHeads, int headDim, int layers,
        int intermediate, int positions, double eps, Rotary rotary, int slidingWindow, int padId)
        implements TransformerSizes {
    static DecoderSizes readLlamaKeys(HfConfig c, String type) {
        int hidden = c.dim("hidden_size");
        int heads = c.dim("num_attention_heads");
        int kvHeads = c.json().has("num_key_value_heads") ? c.dim("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw new LexrayException(c.file() + ": " + heads + " attention heads cannot share " + kvHeads
                    + " key/value heads evenly");
        }
        int headDim = c.json().path("head_dim").isIntegralNumber() ? c.dim("head_dim") : hidden / heads;
        if (!c.json().has("head_dim") && hidden % heads != 0) {
            throw new LexrayException(c.file() + ": hidden size " + hidden + " is not a multiple of the " + heads
                    + " attention heads");
        }
        if (headDim % 2 != 0) {
            throw new LexrayException(c.file() + ": head_dim " + headDim + " is odd; rotary embeddings pair halves");
        }
        String act = c.json().path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new LexrayException(c.file() + ": hidden_act \"" + act + "\" is not supported for " + type
                    + " (only silu, SwiGLU)");
        }
        // Qwen2 keeps sliding_window in its config but only uses it with use_sliding_window, and then only from
        // max_window_layers on (differently across HF versions): refused rather than guessed. Mistral whenever set.
        int window = 0;
        boolean qwen2 = type.equals("qwen2");
        if (qwen2 && c.json().path("use_sliding_window").asBoolean(false)) {
            throw new LexrayException(c.file() + ": use_sliding_window true is not supported for qwen2");
        }
        if (!qwen2 && c.json().path("sliding_window").isIntegralNumber()) {
            window = c.dim("sliding_window");
        }
        if (!c.json().path("pad_token_id").isIntegralNumber()) {
            throw new LexrayException(c.file() + " lacks \"pad_token_id\": a decoder classifier finds the last token"
                    + " of a text from it (HF refuses batches without one); set it, e.g. to eos_token_id");
        }
        return new DecoderSizes(type, c.dim("vocab_size"), hidden, heads, kvHeads, headDim,
                c.dim("num_hidden_layers"), c.dim("intermediate_size"), c.dim("max_position_embeddings"),
                c.doubleOr("rms_norm_eps", 1e-6), Rotary.read(c), window,
                c.intOr("pad_token_id", 0));
    }
}
