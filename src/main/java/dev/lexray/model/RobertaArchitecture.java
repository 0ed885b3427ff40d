package dev.lexray.model;

/**
 * {@code RobertaForSequenceClassification}: BERT's encoder with positions numbered from {@code pad_token_id + 1},
 * and a head of its own (dense, tanh, {@code out_proj}) on the first token.
 */
class RobertaArchitecture implements TransformerArchitecture<EncoderSizes> {
    @Override
    public String name() {
        return "roberta";
    }

    @Override
    public String className() {
        return "RobertaForSequenceClassification";
    }

    @Override
    public EncoderSizes read(HfConfig config) {
        return EncoderSizes.readBertKeys(config, name(), 1);
    }

    @Override
    public void addLayers(EncoderSizes d, int numLabels, LayerPlan plan) {
        BertEncoderLayers.add("roberta.", d, d.padId() + 1, plan);
        plan.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        plan.add(plan.dense("classifier.dense", "classifier.dense", d.hidden(), d.hidden(),
                DenseLayer.Activation.TANH));
        plan.add(plan.dense("classifier", "classifier.out_proj", numLabels, d.hidden(), null));
    }

    /** Positions start after the padding id, so that many fewer tokens fit. */
    @Override
    public int window(EncoderSizes d) {
        return d.positions() - d.padId() - 1;
    }
}
