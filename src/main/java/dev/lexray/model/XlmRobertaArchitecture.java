package dev.lexray.model;

/**
 * {@code XLMRobertaForSequenceClassification}: RoBERTa's layers and tensor names ({@code roberta.}) under its own
 * {@code model_type}; only the tokenizer differs (SentencePiece Unigram, which the subword encoder reads).
 */
final class XlmRobertaArchitecture extends RobertaArchitecture {
    @Override
    public String name() {
        return "xlm-roberta";
    }

    @Override
    public String className() {
        return "XLMRobertaForSequenceClassification";
    }
}
