package dev.lexray;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The hidden units of dense and recurrent layers most relevant per class over a corpus (LRP, {@code lexray
 * neurons}): every text is explained for its predicted class with every unit's relevance
 * ({@link ExplainOptions#withTopNeurons(int)}), and per class and layer the units with the largest mean relevance are
 * listed with the words that most often drive them. A recurrent unit's word in one text is the word at the position
 * where it received the largest |relevance|; a dense unit sees the whole text at once, so its word is the text's most
 * relevant word, counted in the texts where the unit received positive relevance (a weaker hint). The output layer
 * (its units are the logits) is left out.
 *
 * @param texts how many texts were explained
 * @param classes one entry per class that was predicted for at least one text, in label order
 */
@JsonPropertyOrder({"texts", "classes"})
public record NeuronSummary(int texts, List<ClassUnits> classes) {
    /** The units of one class: {@code texts} texts were predicted as {@code label}. */
    @JsonPropertyOrder({"label", "texts", "layers"})
    public record ClassUnits(String label, int texts, List<LayerUnits> layers) {}

    /** One layer's most relevant units for a class. */
    @JsonPropertyOrder({"layer", "kind", "units"})
    public record LayerUnits(String layer, String kind, List<Unit> units) {}

    /** One unit: its mean relevance and activation over the class's texts and its most frequent driving words. */
    @JsonPropertyOrder({"index", "mean_relevance", "mean_activation", "words"})
    public record Unit(int index, @JsonProperty("mean_relevance") double meanRelevance,
            @JsonProperty("mean_activation") double meanActivation, List<WordCount> words) {}

    /** A word and in how many of the class's texts it drove the unit. */
    public record WordCount(String word, int count) {}

    /**
     * Explains {@code texts} with {@code options} (LRP; target and layer settings are replaced) and summarises.
     *
     * @param topUnits units per class and layer (at least 1)
     * @param topWords words per unit (0 for none)
     * @throws LexrayException when the model has no dense or recurrent hidden layer, or for no text
     */
    public static NeuronSummary of(LexrayModel model, Stream<String> texts, ExplainOptions options, int topUnits,
            int topWords) {
        if (topUnits < 1 || topWords < 0) {
            throw new LexrayException("--top must be at least 1 and --words at least 0");
        }
        Accumulator acc = new Accumulator(model.labels());
        try (Stream<Explanation> es = model.explain(texts, options.withTarget(Target.predicted())
                .withTopNeurons(Integer.MAX_VALUE))) {
            es.forEach(acc::add);
        }
        return acc.summary(topUnits, topWords);
    }

    /** Sums per class and layer, one explanation at a time (constant memory in the number of texts). */
    static final class Accumulator {
        private final List<String> labels;
        private final int[] counts;
        private final List<Map<String, Layer>> byClass = new ArrayList<>();
        private int texts;

        Accumulator(List<String> labels) {
            this.labels = labels;
            this.counts = new int[labels.size()];
            labels.forEach(l -> byClass.add(new LinkedHashMap<>()));
        }

        void add(Explanation e) {
            texts++;
            int c = e.target().index();
            counts[c]++;
            String topWord = e.tokens().stream().max(Comparator.comparingDouble(TokenRelevance::relevance))
                    .map(t -> t.text().toLowerCase(Locale.ROOT)).orElse(null);
            List<LayerRelevance> layers = e.layers();
            for (int l = 1; l < layers.size(); l++) { // 0 is the output layer: its units are the logits
                LayerRelevance layer = layers.get(l);
                if (layer.neurons() == null) {
                    continue;
                }
                Layer acc = byClass.get(c).computeIfAbsent(layer.name(),
                        n -> new Layer(layer.kind(), layer.neurons().size()));
                for (Neuron n : layer.neurons()) {
                    acc.relevance[n.index()] += n.relevance();
                    acc.activation[n.index()] += n.activation();
                    String word = n.word() != null ? n.word() : n.relevance() > 0 ? topWord : null;
                    if (word != null) {
                        acc.words.get(n.index()).merge(word, 1, Integer::sum);
                    }
                }
            }
        }

        NeuronSummary summary(int topUnits, int topWords) {
            if (texts == 0) {
                throw new LexrayException("no text to summarise: the corpus is empty");
            }
            List<ClassUnits> classes = new ArrayList<>();
            for (int c = 0; c < labels.size(); c++) {
                if (counts[c] == 0) {
                    continue;
                }
                if (byClass.get(c).isEmpty()) {
                    throw new LexrayException("the model has no dense or recurrent hidden layer: its neurons cannot "
                            + "be listed (transformers: use the attention heads of explain --layers)");
                }
                int n = counts[c];
                List<LayerUnits> layers = new ArrayList<>();
                byClass.get(c).forEach((name, acc) -> layers.add(new LayerUnits(name, acc.kind,
                        IntStream.range(0, acc.relevance.length).boxed()
                                .sorted(Comparator.comparingDouble((Integer i) -> -acc.relevance[i])
                                        .thenComparing(i -> i))
                                .limit(topUnits)
                                .map(i -> new Unit(i, acc.relevance[i] / n, acc.activation[i] / n,
                                        topWords(acc.words.get(i), topWords)))
                                .toList())));
                classes.add(new ClassUnits(labels.get(c), n, layers));
            }
            return new NeuronSummary(texts, classes);
        }

        private static List<WordCount> topWords(Map<String, Integer> counts, int k) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(k).map(en -> new WordCount(en.getKey(), en.getValue())).toList();
        }
    }

    private static final class Layer {
        final String kind;
        final double[] relevance;
        final double[] activation;
        final List<Map<String, Integer>> words = new ArrayList<>();

        Layer(String kind, int units) {
            this.kind = kind;
            this.relevance = new double[units];
            this.activation = new double[units];
            for (int i = 0; i < units; i++) {
                words.add(new HashMap<>());
            }
        }
    }
}
