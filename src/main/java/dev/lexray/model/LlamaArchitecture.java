package dev.lexray.model;

/**
 * {@code LlamaForSequenceClassification}, {@code MistralForSequenceClassification} and
 * {@code Qwen2ForSequenceClassification}: one layout, {@code model.embed_tokens}, pre-norm decoder layers under
 * {@code model.layers.<i>.}, {@code model.norm}, and {@code score} (no bias) at the last real token. Qwen2 alone has
 * biases on q, k and v.
 */
final class LlamaArchitecture implements TransformerArchitecture<DecoderSizes> {
    private final String name;
    private final String className;
    private final boolean qkvBias;

    LlamaArchitecture(String name, String className, boolean qkvBias) {
        this.name = name;
        this.className = className;
        this.qkvBias = qkvBias;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public DecoderSizes read(HfConfig config) {
        return DecoderSizes.readLlamaKeys(config, name);
    }

    @Override
    public void addLayers(DecoderSizes d, int numLabels, LayerPlan plan) {
        plan.expect("model.embed_tokens.weight", d.vocab(), d.hidden());
        // No positions, no norm: the token embeddings are the layers' input, and where relevance is read.
        plan.add(new TransformerEmbeddingLayer("embeddings", "model.embed_tokens.weight", null, null, null, 0));
        int qOut = d.heads() * d.headDim();
        int kvOut = d.kvHeads() * d.headDim();
        for (int i = 0; i < d.layers(); i++) {
            String l = "model.layers." + i + ".";
            String name = "decoder." + i;
            plan.add(new DecoderLayer(name, d.heads(), d.kvHeads(), d.headDim(), d.rotary(), d.slidingWindow(),
                    rmsNorm(plan, l + "input_layernorm", d),
                    linear(plan, name + ".query", l + "self_attn.q_proj", qOut, d.hidden(), qkvBias),
                    linear(plan, name + ".key", l + "self_attn.k_proj", kvOut, d.hidden(), qkvBias),
                    linear(plan, name + ".value", l + "self_attn.v_proj", kvOut, d.hidden(), qkvBias),
                    linear(plan, name + ".attention_output", l + "self_attn.o_proj", d.hidden(), qOut, false),
                    rmsNorm(plan, l + "post_attention_layernorm", d),
                    linear(plan, name + ".ffn_gate", l + "mlp.gate_proj", d.intermediate(), d.hidden(), false),
                    linear(plan, name + ".ffn_in", l + "mlp.up_proj", d.intermediate(), d.hidden(), false),
                    linear(plan, name + ".ffn_out", l + "mlp.down_proj", d.hidden(), d.intermediate(), false)));
        }
        plan.add(new NormLayer("final_norm", rmsNorm(plan, "model.norm", d)));
        plan.add(new TimePooling("last_token", TimePooling.Kind.LAST, d.hidden(), false));
        plan.add(linear(plan, "classifier", "score", numLabels, d.hidden(), false));
    }

    /** Positions are counted from 0, so the whole table is usable. */
    @Override
    public int window(DecoderSizes d) {
        return d.positions();
    }

    private static RmsNorm rmsNorm(LayerPlan plan, String prefix, DecoderSizes d) {
        plan.expect(prefix + ".weight", d.hidden());
        return new RmsNorm(prefix + ".weight", d.eps());
    }

    /** A torch {@code Linear}, with or without its bias. */
    static DenseLayer linear(LayerPlan plan, String name, String prefix, int out, int in, boolean bias) {
        if (bias) {
            return plan.dense(name, prefix, out, in, null);
        }
        plan.expect(prefix + ".weight", out, in);
        return new DenseLayer(name, prefix + ".weight", null, DenseLayer.Activation.IDENTITY);
    }
}
