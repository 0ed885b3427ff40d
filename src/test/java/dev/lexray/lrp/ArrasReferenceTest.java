package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lexray's LSTM/GRU relevance against {@link ArrasLrp}, an independent double[] port of Arras et al.'s published
 * LRP_for_LSTM code: on the reference BiLSTM (their weights) and on random LSTM/GRU models with biases, for the
 * predicted and a non-predicted class, with their defaults (eps 0.001, bias factor 0) and a conserving setting
 * (eps 0.01, bias factor 1). Texts are explained in one padded batch, so padding is part of what is checked.
 */
class ArrasReferenceTest {
    private static final double TOL = 1e-9;

    @TempDir
    static Path temp;

    static Stream<Arguments> settings() {
        return Stream.of(Arguments.of(0.001, 0.0), Arguments.of(0.01, 1.0));
    }

    @ParameterizedTest(name = "eps {0}, bias factor {1}")
    @MethodSource("settings")
    void referenceBilstmMatchesArras(double eps, double biasFactor) throws IOException {
        Path dir = SharedData.require("reference/lrp_for_lstm/model-bilstm");
        List<String> texts = List.of(
                "this movie is not good , it is terrible .",
                "ridiculous .",
                "a charming and often affecting journey .",
                "neither funny nor suspenseful , the film is a bore .",
                "the acting is superb , but the script is dull and the ending falls flat .",
                "it 's a masterpiece");
        compare(dir, "lstm", 2, texts, eps, biasFactor);
    }

    static Stream<Arguments> randomModels() {
        return Stream.of(
                Arguments.of("bigru", 0.001, 0.0), Arguments.of("bigru", 0.01, 1.0),
                Arguments.of("gru", 0.001, 0.0), Arguments.of("gru", 0.01, 1.0),
                Arguments.of("bilstm", 0.001, 0.0), Arguments.of("bilstm", 0.01, 1.0),
                Arguments.of("lstm", 0.01, 1.0));
    }

    @ParameterizedTest(name = "{0} eps {1}, bias factor {2}")
    @MethodSource("randomModels")
    void randomRecurrentModelsMatchArras(String architecture, double eps, double biasFactor) throws IOException {
        RandomModels.Spec spec = new RandomModels.Spec(architecture, 1, 6, 5, null, null, "final", 3, true, 0.5,
                architecture.hashCode());
        Path dir = RandomModels.write(temp.resolve(architecture), spec);
        compare(dir, architecture.endsWith("lstm") ? "lstm" : "gru", architecture.startsWith("bi") ? 2 : 1,
                RandomModels.TEXTS, eps, biasFactor);
    }

    private static void compare(Path dir, String cell, int directions, List<String> texts, double eps,
            double biasFactor) throws IOException {
        Map<String, Tensor> tensors = SafetensorsFile.read(dir.resolve("model.safetensors"));
        ArrasLrp.Direction[] dirs = new ArrasLrp.Direction[directions];
        for (int d = 0; d < directions; d++) {
            dirs[d] = ArrasLrp.Direction.of(tensors, cell, 0, d == 1);
        }
        double[][] wOut = RandomModels.matrix(tensors.get("classifier.weight"));
        double[] bOut = RandomModels.doubles(tensors.get("classifier.bias"));
        double[][] embedding = RandomModels.matrix(tensors.get("embedding.weight"));
        Map<String, Integer> vocabulary = vocabulary(dir.resolve("vocab.txt"));
        ExplainOptions options = ExplainOptions.defaults().withEpsilon(eps, biasFactor)
                .withPrecision(Precision.FLOAT64).withBatchSize(4);
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> predicted = model.explain(texts, options);
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                String[] words = text.toLowerCase(Locale.ROOT).strip().split("\\s+");
                double[][] x = new double[words.length][];
                for (int t = 0; t < words.length; t++) {
                    x[t] = embedding[vocabulary.getOrDefault(words[t], 1)];
                }
                Explanation e = predicted.get(i);
                assertThat(e.tokens()).hasSize(words.length);
                for (int t = 0; t < words.length; t++) {
                    assertThat(e.tokens().get(t).text().toLowerCase(Locale.ROOT)).isEqualTo(words[t]);
                }
                int target = e.target().index();
                ArrasLrp.Result expected = ArrasLrp.explain(cell, dirs, wOut, bOut, x, target, eps, biasFactor);
                assertThat(e.logits()).as("logits of %s", text).containsExactly(expected.logits(), within(TOL));
                assertThat(argmax(expected.logits())).isEqualTo(target);
                assertMatches(e, expected, text);

                // A class the model did not predict: the one it scores lowest.
                int other = argmin(expected.logits());
                Explanation o = model.explain(text, options.withTarget(new Target.Index(other)));
                assertThat(o.target().index()).isEqualTo(other).isNotEqualTo(target);
                assertMatches(o, ArrasLrp.explain(cell, dirs, wOut, bOut, x, other, eps, biasFactor), text);
            }
        }
    }

    private static void assertMatches(Explanation e, ArrasLrp.Result expected, String text) {
        assertThat(e.relevances()).as("token relevances of %s", text).containsExactly(expected.tokens(), within(TOL));
        assertThat(e.conservation().initialState()).as("initial state of %s", text)
                .isCloseTo(expected.initialState(), within(TOL));
        // Not vacuous: some token carries relevance.
        assertThat(Arrays.stream(expected.tokens()).map(Math::abs).max().orElseThrow()).isGreaterThan(1e-6);
    }

    private static Map<String, Integer> vocabulary(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            ids.putIfAbsent(lines.get(i), i);
        }
        return ids;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
