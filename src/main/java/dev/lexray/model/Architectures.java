package dev.lexray.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of supported model families, found by the name their config gives (Lucene's {@code forName}):
 * word-level models by {@code "architecture"}, HuggingFace directories by {@code "model_type"}. The order is the
 * order error messages list them in.
 */
public final class Architectures {
    private static final List<Architecture> ALL = List.of(
            new RecurrentArchitecture("lstm", RecurrentLayer.Cell.LSTM, false),
            new RecurrentArchitecture("bilstm", RecurrentLayer.Cell.LSTM, true),
            new RecurrentArchitecture("gru", RecurrentLayer.Cell.GRU, false),
            new RecurrentArchitecture("bigru", RecurrentLayer.Cell.GRU, true),
            new BagMlpArchitecture(),
            new CnnArchitecture(),
            new BertArchitecture(),
            new DistilBertArchitecture(),
            new RobertaArchitecture(),
            new XlmRobertaArchitecture(),
            new ElectraArchitecture(),
            new LlamaArchitecture("llama", "LlamaForSequenceClassification", false),
            new LlamaArchitecture("mistral", "MistralForSequenceClassification", false),
            new LlamaArchitecture("qwen2", "Qwen2ForSequenceClassification", true),
            new Gpt2Architecture());

    private Architectures() {}

    /** Every supported family, in registry order. */
    public static List<Architecture> all() {
        return ALL;
    }

    /** The word-level family a config's {@code "architecture"} names. */
    public static Optional<WordLevelArchitecture> wordLevel(String name) {
        return find(WordLevelArchitecture.class, name);
    }

    /** The HuggingFace family a config's {@code "model_type"} names. */
    public static Optional<TransformerArchitecture<?>> transformer(String modelType) {
        return find(TransformerArchitecture.class, modelType).map(a -> (TransformerArchitecture<?>) a);
    }

    /** Word-level names, e.g. {@code "lstm, bilstm, gru, bigru, embedding-bag-mlp, cnn"}. */
    public static String wordLevelNames() {
        return ALL.stream().filter(WordLevelArchitecture.class::isInstance).map(Architecture::name)
                .collect(Collectors.joining(", "));
    }

    /** HF class names, e.g. {@code "BertForSequenceClassification, ... and RobertaForSequenceClassification"}. */
    public static String transformerClassNames() {
        List<String> names = ALL.stream().filter(TransformerArchitecture.class::isInstance)
                .map(a -> ((TransformerArchitecture<?>) a).className()).toList();
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The names of the recurrent (LSTM/GRU) families, whose explanations carry the recurrent rule settings. */
    public static List<String> recurrentNames() {
        return ALL.stream().filter(RecurrentArchitecture.class::isInstance).map(Architecture::name).toList();
    }

    private static <A extends Architecture> Optional<A> find(Class<A> kind, String name) {
        return ALL.stream().filter(kind::isInstance).filter(a -> a.name().equals(name)).map(kind::cast).findFirst();
    }
}
