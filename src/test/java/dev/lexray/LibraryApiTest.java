package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.cli.LexrayCommand;
import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API as a library user meets it: lazy streams, lists and single texts giving the same results, the JSON
 * mapping identical to the CLI's, immutable results, closing, and loading with {@link LoadOptions}.
 */
class LibraryApiTest {
    static final List<String> TEXTS = List.of("good movie", "the film is awful", "not bad", "a great great film",
            "bad", "the movie is not good", "awful awful", "great", "is the film good", "not a bad movie", "film");

    @TempDir
    static Path temp;
    static Path bilstmDir;
    static LexrayModel bilstm;

    @BeforeAll
    static void load() {
        bilstmDir = TinyModels.bilstm(temp.resolve("tiny-bilstm"));
        bilstm = Lexray.load(bilstmDir);
    }

    @AfterAll
    static void close() {
        bilstm.close();
    }

    private static List<String> json(List<?> records) {
        return records.stream().map(LexrayJson::toLine).toList();
    }

    @Test
    void aStreamIsPulledOneBatchAtATimeAsItIsConsumed() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<String> endless = Stream.iterate(0, i -> i + 1).map(i -> TEXTS.get(i % TEXTS.size()))
                .peek(t -> pulled.incrementAndGet());
        Stream<Explanation> explained = bilstm.explain(endless, ExplainOptions.defaults().withBatchSize(4));
        assertThat(pulled).as("nothing before the first element is asked for").hasValue(0);
        var it = explained.iterator();
        assertThat(it.next().text()).isEqualTo(TEXTS.get(0));
        assertThat(pulled).hasValue(4);
        for (int i = 1; i < 5; i++) {
            assertThat(it.next().text()).isEqualTo(TEXTS.get(i));
        }
        assertThat(pulled).hasValue(8);
    }

    @Test
    void aStreamGivesExactlyWhatTheListGives() {
        ExplainOptions other = ExplainOptions.defaults().withRule(new AlphaBetaRule(2, 1)).withEpsilon(0.01, 1.0)
                .withPrecision(Precision.FLOAT64).withTarget(Target.parse("negative-vs-positive"));
        for (ExplainOptions options : List.of(ExplainOptions.defaults(), other)) {
            List<String> expected = json(bilstm.explain(TEXTS, options));
            for (int size : new int[] {1, 3, 32}) {
                ExplainOptions o = options.withBatchSize(size);
                assertThat(json(bilstm.explain(TEXTS.stream(), o).toList())).as("batch %d", size)
                        .isEqualTo(json(bilstm.explain(TEXTS, o)));
            }
            assertThat(json(bilstm.explain(TEXTS, options.withBatchSize(5)))).isEqualTo(expected);
        }
        assertThat(json(bilstm.explain(TEXTS.stream()).toList())).isEqualTo(json(bilstm.explain(TEXTS)));
        assertThat(json(bilstm.predict(TEXTS.stream()).toList())).isEqualTo(json(bilstm.predict(TEXTS)));
        assertThat(LexrayJson.toLine(bilstm.explain(TEXTS.get(3)))).isEqualTo(json(bilstm.explain(TEXTS)).get(3));
        assertThat(LexrayJson.toLine(bilstm.predict(TEXTS.get(3)))).isEqualTo(json(bilstm.predict(TEXTS)).get(3));
        assertThat(bilstm.explain(Stream.<String>empty()).toList()).isEmpty();
        assertThat(bilstm.predict(Stream.<String>empty()).toList()).isEmpty();
    }

    @Test
    void aBadTextInAStreamIsNamedByItsPositionInTheStreamAfterTheBatchesBeforeIt() {
        List<String> texts = new ArrayList<>(TEXTS);
        texts.set(9, "!!! ?");
        for (int size : new int[] {1, 4}) {
            List<Explanation> got = new ArrayList<>();
            assertThatThrownBy(() -> bilstm.explain(texts.stream(), ExplainOptions.defaults().withBatchSize(size))
                    .forEach(got::add)).as("batch %d", size)
                    .isInstanceOfSatisfying(TextException.class, e -> assertThat(e.index()).isEqualTo(9))
                    .hasMessageStartingWith("text 10: the text has no words");
            assertThat(got).hasSize(size == 1 ? 9 : 8);
        }
        assertThatThrownBy(() -> bilstm.predict(texts.stream()).toList())
                .isInstanceOfSatisfying(TextException.class, e -> assertThat(e.index()).isEqualTo(9));
        List<String> withEmpty = new ArrayList<>(TEXTS.subList(0, 3));
        withEmpty.add(" ");
        assertThatThrownBy(() -> bilstm.explain(withEmpty.stream()).toList())
                .isInstanceOfSatisfying(TextException.class, e -> assertThat(e.reason()).contains("empty"));
    }

    @Test
    void anUnknownTargetFailsAtOnceNotWhenTheStreamIsConsumed() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<String> source = TEXTS.stream().peek(t -> pulled.incrementAndGet());
        assertThatThrownBy(() -> bilstm.explain(source, ExplainOptions.defaults().withTarget(Target.parse("nope"))))
                .isExactlyInstanceOf(LexrayException.class).hasMessageContaining("unknown label 'nope'");
        assertThat(pulled).hasValue(0);
    }

    @Test
    void closingTheResultClosesTheSource() {
        AtomicBoolean closed = new AtomicBoolean();
        try (Stream<Explanation> s = bilstm.explain(TEXTS.stream().onClose(() -> closed.set(true)))) {
            assertThat(s.findFirst()).isPresent();
        }
        assertThat(closed).isTrue();
    }

    @Test
    void theJsonOfAnApiResultIsExactlyWhatTheCliPrints() {
        String text = "the movie is not good";
        StringWriter out = new StringWriter();
        assertThat(LexrayCommand.execute(new String[] {"explain", "-m", bilstmDir.toString(), "-t", text},
                new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString().strip()).isEqualTo(LexrayJson.toLine(bilstm.explain(text)));
        StringWriter predicted = new StringWriter();
        LexrayCommand.execute(new String[] {"predict", "-m", bilstmDir.toString(), "-t", text},
                new PrintWriter(predicted), new PrintWriter(new StringWriter()));
        assertThat(predicted.toString().strip()).isEqualTo(LexrayJson.toLine(bilstm.predict(text)));
    }

    @Test
    void resultsAreImmutable() {
        Explanation e = bilstm.explain("good movie");
        double first = e.logits()[0];
        e.logits()[0] = 1e9;
        e.probabilities()[0] = 1e9;
        assertThat(e.logits()[0]).isEqualTo(first);
        assertThat(e.probabilities()[0]).isLessThan(1);
        assertThatThrownBy(() -> e.tokens().add(e.tokens().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.labels().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> bilstm.warnings().add("x")).isInstanceOf(UnsupportedOperationException.class);
        List<String> labels = new ArrayList<>(List.of("a", "b"));
        double[] logits = {1, 2};
        Prediction p = new Prediction("t", "m", labels, logits, new double[] {0.3, 0.7}, new ClassRef(1, "b"));
        labels.add("c");
        logits[0] = 5;
        assertThat(p.labels()).containsExactly("a", "b");
        assertThat(p.logits()).containsExactly(1, 2);
    }

    @Test
    void aClosedModelRefusesWorkAndClosingTwiceIsHarmless() {
        LexrayModel m = Lexray.load(TinyModels.bagMlp(temp.resolve("closing")));
        assertThat(m.predict("good").predicted().label()).isEqualTo("positive");
        m.close();
        m.close();
        assertThatThrownBy(() -> m.explain("good")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> m.predict(List.of("good", "bad"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.explain(Stream.of("good"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nonFiniteWeightsAreRefusedOrLoadedWithAWarning() {
        TinyModels.Spec s = TinyModels.bagMlpSpec();
        float[] e = s.tensors.get("embedding.weight").values();
        int awful = TinyModels.VOCAB.indexOf("awful");
        e[awful * 4 + 1] = Float.POSITIVE_INFINITY;
        e[awful * 4 + 3] = Float.NaN;
        Path dir = s.set("embedding.weight", e).write(temp.resolve("inf-bag"));
        assertThatThrownBy(() -> Lexray.load(dir)).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("embedding.weight").hasMessageContaining("Infinity")
                .hasMessageContaining("--allow-nonfinite");
        assertThatThrownBy(() -> Lexray.load(dir, LoadOptions.defaults())).isExactlyInstanceOf(LexrayException.class);
        try (LexrayModel m = Lexray.load(dir, LoadOptions.defaults().withAllowNonfinite(true));
                LexrayModel sound = Lexray.load(TinyModels.bagMlp(temp.resolve("sound-bag")))) {
            assertThat(sound.warnings()).isEmpty();
            assertThat(m.warnings()).singleElement().asString().contains("embedding.weight")
                    .contains("2 NaN or infinite values").contains("Infinity").contains("flat index " + (awful * 4 + 1));
            assertThat(LexrayJson.toLine(m.explain("good movie"))).isEqualTo(LexrayJson.toLine(
                    sound.explain("good movie")).replace("sound-bag", "inf-bag"));
            assertThat(Arrays.stream(m.predict("awful movie").logits()).allMatch(Double::isNaN)).isTrue();
        }
    }
}
