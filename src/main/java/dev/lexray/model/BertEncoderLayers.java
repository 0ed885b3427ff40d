package dev.lexray.model;

/**
 * The embeddings and post-LayerNorm encoder stack BERT lays out under {@code <prefix>embeddings.} and
 * {@code <prefix>encoder.layer.<i>.}; RoBERTa (and ELECTRA) reuse them under their own prefix.
 */
final class BertEncoderLayers {
    private BertEncoderLayers() {}

    /**
     * Word + position + token type embeddings with LayerNorm, then every encoder layer.
     *
     * @param positionOffset the first position id (RoBERTa's {@code padding_idx + 1}, otherwise 0)
     */
    static void add(String prefix, EncoderSizes d, int positionOffset, LayerPlan plan) {
        addEmbeddings(prefix, d, d.hidden(), positionOffset, plan);
        addEncoder(prefix, d, plan);
    }

    /**
     * Word + position + token type embeddings of {@code width} features with LayerNorm (ELECTRA's may be narrower
     * than the encoder).
     */
    static void addEmbeddings(String prefix, EncoderSizes d, int width, int positionOffset, LayerPlan plan) {
        String emb = prefix + "embeddings.";
        plan.expect(emb + "word_embeddings.weight", d.vocab(), width);
        plan.expect(emb + "position_embeddings.weight", d.positions(), width);
        plan.expect(emb + "token_type_embeddings.weight", d.typeVocab(), width);
        plan.add(new TransformerEmbeddingLayer("embeddings", emb + "word_embeddings.weight",
                emb + "position_embeddings.weight", emb + "token_type_embeddings.weight",
                plan.norm(emb + "LayerNorm", width, d.eps()), positionOffset));
    }

    /** The post-LayerNorm encoder layers under {@code <prefix>encoder.layer.<i>.}. */
    static void addEncoder(String prefix, EncoderSizes d, LayerPlan plan) {
        for (int i = 0; i < d.layers(); i++) {
            String l = prefix + "encoder.layer." + i + ".";
            String name = "encoder." + i;
            plan.add(new EncoderLayer(name, d.heads(),
                    plan.dense(name + ".query", l + "attention.self.query", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".key", l + "attention.self.key", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".value", l + "attention.self.value", d.hidden(), d.hidden(), null),
                    plan.dense(name + ".attention_output", l + "attention.output.dense", d.hidden(), d.hidden(),
                            null),
                    plan.norm(l + "attention.output.LayerNorm", d.hidden(), d.eps()),
                    plan.dense(name + ".ffn_in", l + "intermediate.dense", d.intermediate(), d.hidden(), d.act()),
                    plan.dense(name + ".ffn_out", l + "output.dense", d.hidden(), d.intermediate(), null),
                    plan.norm(l + "output.LayerNorm", d.hidden(), d.eps())));
        }
    }
}
