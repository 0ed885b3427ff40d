package dev.lexray.model;

/**
 * {@code DistilBertForSequenceClassification}: word + position embeddings (no token types), an encoder under its
 * own key and tensor names, the first token, {@code pre_classifier} with ReLU, the classifier.
 */
final class DistilBertArchitecture implements TransformerArchitecture<EncoderSizes> {
    @Override
    public String name() {
        return "distilbert";
    }

    @Override
    public String className() {
        return "DistilBertForSequenceClassification";
    }

    @Override
    public EncoderSizes read(HfConfig c) {
        return new EncoderSizes(name(), c.dim("vocab_size"), c.dim("dim"), c.dim("n_heads"), c.dim("n_layers"),
                c.dim("hidden_dim"), c.dim("max_position_embeddings"), 0, 1e-12, c.activation("activation"),
                c.intOr("pad_token_id", 0)).checkHeads(c);
    }

    @Override
    public void addLayers(EncoderSizes d, int numLabels, LayerPlan plan) {
        String emb = "distilbert.embeddings.";
        plan.expect(emb + "word_embeddings.weight", d.vocab(), d.hidden());
        plan.expect(emb + "position_embeddings.weight", d.positions(), d.hidden());
        plan.add(new TransformerEmbeddingLayer("embeddings", emb + "word_embeddings.weight",
                emb + "position_embeddings.weight", null, plan.norm(emb + "LayerNorm", d.hidden(), d.eps()), 0));
        for (int i = 0; i < d.layers(); i++) {
            String l = "distilbert.transformer.layer." + i + ".";
            String name = "encoder." + i;
            plan.add(new EncoderLayer(name, d.heads(),
                    plan.dense(name + ".query", l + "attention.q_lin", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".key", l + "attention.k_lin", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".value", l + "attention.v_lin", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".attention_output", l + "attention.out_lin", d.hidden(), d.hidden(), null),
                    plan.norm(l + "sa_layer_norm", d.hidden(), d.eps()),
                    plan.dense(name + ".ffn_in", l + "ffn.lin1", d.intermediate(), d.hidden(), d.act()),
                    plan.dense(name + ".ffn_out", l + "ffn.lin2", d.hidden(), d.intermediate(), null),
                    plan.norm(l + "output_layer_norm", d.hidden(), d.eps())));
        }
        plan.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        plan.add(plan.dense("pre_classifier", "pre_classifier", d.hidden(), d.hidden(), DenseLayer.Activation.RELU));
        plan.add(plan.dense("classifier", "classifier", numLabels, d.hidden(), null));
    }

    @Override
    public int window(EncoderSizes d) {
        return d.positions();
    }
}
