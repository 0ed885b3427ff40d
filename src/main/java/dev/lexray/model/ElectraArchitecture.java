package dev.lexray.model;

/**
 * {@code ElectraForSequenceClassification}: BERT's embeddings in {@code embedding_size} features (LayerNorm
 * included), {@code electra.embeddings_project} up to {@code hidden_size} when the two differ (HF adds it after the
 * embedding LayerNorm), BERT's encoder, and a head of its own on the first token: dense, GELU (erf form, whatever
 * {@code hidden_act} says, as HF's {@code ElectraClassificationHead} hard-codes it), {@code out_proj}.
 */
final class ElectraArchitecture implements TransformerArchitecture<ElectraArchitecture.Sizes> {
    /** ElectraConfig's default when a config leaves {@code embedding_size} out. */
    static final int DEFAULT_EMBEDDING_SIZE = 128;

    /** BERT's sizes plus the width of the embeddings. */
    record Sizes(EncoderSizes encoder, int embedding) implements TransformerSizes {
        @Override
        public String type() {
            return encoder.type();
        }

        @Override
        public int vocab() {
            return encoder.vocab();
        }

        @Override
        public int hidden() {
            return encoder.hidden();
        }

        @Override
        public int layers() {
            return encoder.layers();
        }

        @Override
        public int padId() {
            return encoder.padId();
        }
    }

    @Override
    public String name() {
        return "electra";
    }

    @Override
    public String className() {
        return "ElectraForSequenceClassification";
    }

    @Override
    public Sizes read(HfConfig config) {
        EncoderSizes encoder = EncoderSizes.readBertKeys(config, name(), 0);
        int embedding = config.json().has("embedding_size") ? config.dim("embedding_size") : DEFAULT_EMBEDDING_SIZE;
        return new Sizes(encoder, embedding);
    }

    @Override
    public void addLayers(Sizes s, int numLabels, LayerPlan plan) {
        EncoderSizes d = s.encoder();
        BertEncoderLayers.addEmbeddings("electra.", d, s.embedding(), 0, plan);
        if (s.embedding() != d.hidden()) {
            // A plain linear map, so LRP passes through it with the composite's dense rule.
            plan.add(plan.dense("embeddings_project", "electra.embeddings_project", d.hidden(), s.embedding(), null));
        }
        BertEncoderLayers.addEncoder("electra.", d, plan);
        plan.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        plan.add(plan.dense("classifier.dense", "classifier.dense", d.hidden(), d.hidden(),
                DenseLayer.Activation.GELU));
        plan.add(plan.dense("classifier", "classifier.out_proj", numLabels, d.hidden(), null));
    }

    @Override
    public int window(Sizes s) {
        return s.encoder().positions();
    }
}
