package dev.lexray.model;

/** {@code BertForSequenceClassification}: the encoder, the first token, the tanh pooler, the classifier. */
final class BertArchitecture implements TransformerArchitecture<EncoderSizes> {
    @Override
    public String name() {
        return "bert";
    }

    @Override
    public String className() {
        return "BertForSequenceClassification";
    }

    @Override
    public EncoderSizes read(HfConfig config) {
        return EncoderSizes.readBertKeys(config, name(), 0);
    }

    @Override
    public void addLayers(EncoderSizes d, int numLabels, LayerPlan plan) {
        BertEncoderLayers.add("bert.", d, 0, plan);
        plan.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        plan.add(plan.dense("pooler", "bert.pooler.dense", d.hidden(), d.hidden(), DenseLayer.Activation.TANH));
        plan.add(plan.dense("classifier", "classifier", numLabels, d.hidden(), null));
    }

    @Override
    public int window(EncoderSizes d) {
        return d.positions();
    }
}
