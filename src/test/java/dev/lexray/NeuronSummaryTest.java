package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NeuronSummary}'s arithmetic on hand-made explanations: means per class, ranking, words, the output left out. */
class NeuronSummaryTest {
    static final List<String> LABELS = List.of("neg", "pos");

    static Explanation explanation(int target, List<Neuron> lstm, List<Neuron> dense, String... words) {
        List<TokenRelevance> tokens = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            tokens.add(new TokenRelevance(words[i], 0, 0, i == 0 ? 1.0 : 0.1, null));
        }
        List<LayerRelevance> layers = List.of(
                new LayerRelevance("classifier", "dense", 1, 0, null, null, null, null,
                        List.of(new Neuron(target, 1, 1, null), new Neuron(1 - target, 0, 0, null))),
                new LayerRelevance("hidden", "dense", 1, 0, null, null, null, null, dense),
                new LayerRelevance("lstm.0", "lstm", 1, 0, 0.0, null, null, null, lstm),
                new LayerRelevance("embedding", "embedding", 1, 0, null, null, null, null, null));
        return new Explanation("t", "m", "lrp", new RuleSettings("epsilon", Map.of(), null), LABELS,
                new double[] {0, 0}, new double[] {0.5, 0.5}, new ClassRef(target, LABELS.get(target)),
                new ExplainedTarget(target, LABELS.get(target), null), tokens, null, null,
                Conservation.of(1, 0, 1), List.of(), layers, List.of(words));
    }

    @Test
    void meansRanksAndWordsPerClass() {
        NeuronSummary.Accumulator acc = new NeuronSummary.Accumulator(LABELS);
        acc.add(explanation(1, List.of(new Neuron(0, 0.2, 1.0, "good"), new Neuron(1, 0.6, 3.0, "fun")),
                List.of(new Neuron(0, -0.5, 0, null), new Neuron(1, 0.4, 2, null)), "great", "plot"));
        acc.add(explanation(1, List.of(new Neuron(0, 0.6, 0.0, "good"), new Neuron(1, 0.0, 1.0, "plot")),
                List.of(new Neuron(0, 0.3, 0, null), new Neuron(1, 0.2, 4, null)), "superb", "film"));
        acc.add(explanation(0, List.of(new Neuron(0, 1.0, 0.5, "bad"), new Neuron(1, 0.1, 0.5, "bad")),
                List.of(new Neuron(0, 0.1, 0, null), new Neuron(1, 0.1, 0, null)), "awful"));
        NeuronSummary s = acc.summary(1, 2);
        assertThat(s.texts()).isEqualTo(3);
        NeuronSummary.ClassUnits pos = s.classes().get(1);
        assertThat(pos.label()).isEqualTo("pos");
        assertThat(pos.texts()).isEqualTo(2);
        // the output layer is left out; layers in the order the explanations list them
        assertThat(pos.layers()).extracting(NeuronSummary.LayerUnits::layer).containsExactly("hidden", "lstm.0");
        NeuronSummary.Unit lstm = pos.layers().get(1).units().get(0);
        assertThat(lstm.index()).isEqualTo(0); // mean 0.4 against unit 1's 0.3
        assertThat(lstm.meanRelevance()).isCloseTo(0.4, within(1e-12));
        assertThat(lstm.meanActivation()).isCloseTo(0.5, within(1e-12));
        assertThat(lstm.words()).containsExactly(new NeuronSummary.WordCount("good", 2));
        NeuronSummary.Unit dense = pos.layers().get(0).units().get(0);
        assertThat(dense.index()).isEqualTo(1); // 0.3 against -0.1
        assertThat(dense.meanActivation()).isCloseTo(3, within(1e-12));
        // a dense unit's word: the text's most relevant word, where the unit got positive relevance
        assertThat(dense.words()).containsExactly(new NeuronSummary.WordCount("great", 1),
                new NeuronSummary.WordCount("superb", 1));
        assertThat(s.classes().get(0).layers().get(1).units().get(0).words())
                .containsExactly(new NeuronSummary.WordCount("bad", 1));
    }

    @Test
    void anEmptyCorpusIsAClearError() {
        assertThatThrownBy(() -> new NeuronSummary.Accumulator(LABELS).summary(3, 3))
                .isInstanceOf(LexrayException.class).hasMessageContaining("empty");
    }
}
