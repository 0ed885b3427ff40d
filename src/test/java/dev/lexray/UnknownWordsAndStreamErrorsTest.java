package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyModels;
import dev.lexray.testing.TinyTransformers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Texts a pipeline sends every day: a text of only unknown words is scored and explained from [UNK] with a warning,
 * and a stream with bad texts can skip them or yield error records in their place ({@link OnError}).
 */
class UnknownWordsAndStreamErrorsTest {
    @TempDir
    static Path temp;

    static LexrayModel bag;
    static LexrayModel bilstm;
    static LexrayModel bert;

    @BeforeAll
    static void load() {
        bag = Lexray.load(TinyModels.bagMlp(temp.resolve("bag")));
        bilstm = Lexray.load(TinyModels.bilstm(temp.resolve("bilstm")));
        bert = Lexray.load(TinyTransformers.write(temp, TinyTransformers.Family.BERT));
    }

    @AfterAll
    static void close() {
        bag.close();
        bilstm.close();
        bert.close();
    }

    @Test
    void aTextOfOnlyUnknownWordsIsPredictedAndExplainedWithAWarning() {
        for (LexrayModel m : List.of(bag, bilstm)) {
            for (String text : List.of("zzqxj", "zebra quantum", "\uD83D\uDE00\uD83D\uDE00 \uD83C\uDF89")) {
                Explanation e = m.explain(text);
                assertThat(e.warnings()).as(m.name() + " " + text).containsExactly(LexrayModel.ALL_UNKNOWN);
                assertThat(e.tokens()).isNotEmpty().allSatisfy(t -> assertThat(text.substring(t.start(), t.end()))
                        .isEqualTo(t.text()));
                Conservation c = e.conservation();
                assertThat(c.sum() + c.initialState() + c.residual()).isCloseTo(c.targetScore(), within(1e-6));
                Prediction p = m.predict(text);
                assertThat(p.warnings()).containsExactly(LexrayModel.ALL_UNKNOWN);
                assertThat(p.logits()).containsExactly(e.logits(), within(1e-6));
                assertThat(LexrayJson.toLine(p)).contains("\"warnings\":[\"all words unknown to the model\"]");
            }
            // one known word is enough for no warning, and no warnings field in the JSON
            Explanation known = m.explain("zebra good");
            assertThat(known.warnings()).isEmpty();
            assertThat(LexrayJson.toLine(known)).doesNotContain("warnings");
            assertThat(LexrayJson.toLine(m.predict("zebra good"))).doesNotContain("warnings");
        }
        // relevance lands on unknown words as on any other (the [UNK] embedding is a row like the others)
        assertThat(Arrays.stream(bilstm.explain("zebra quantum").relevances()).map(Math::abs).sum()).isPositive();
    }

    @Test
    void onASubwordModelAllPiecesUnknownIsWarnedAbout() {
        String unknown = "\u6771\u4EAC \uA000"; // characters outside the tiny WordPiece vocabulary
        Explanation e = bert.explain(unknown);
        assertThat(e.tokens()).allSatisfy(w -> assertThat(w.pieces()).extracting(TokenRelevance::text)
                .containsOnly("[UNK]"));
        assertThat(e.warnings()).containsExactly(LexrayModel.ALL_UNKNOWN);
        assertThat(bert.predict(unknown).warnings()).containsExactly(LexrayModel.ALL_UNKNOWN);
        assertThat(bert.explain("the movie \u6771").warnings()).isEmpty();
    }

    @Test
    void aTextWithNoTokenAtAllIsStillAnError() {
        assertThatThrownBy(() -> bag.explain(" \t ")).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> bilstm.predict("!!! ?")).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("no words");
    }

    private static final List<String> MIXED = List.of("good film", "!!! ?", "bad", " ", "not a good movie", "great",
            "the", "-- !");

    @Test
    void recordYieldsAFailureInPlaceOfEachBadTextAndGoesOn() {
        for (int size : new int[] {1, 3, 16}) {
            ExplainOptions options = ExplainOptions.defaults().withBatchSize(size);
            List<TextOutcome<Explanation>> got = bilstm.explain(MIXED.stream(), options, OnError.RECORD).toList();
            assertThat(got).as("batch %d", size).extracting(TextOutcome::index)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            for (int i : new int[] {1, 3, 7}) {
                assertThat(got.get(i)).isInstanceOfSatisfying(TextOutcome.Failure.class, f -> {
                    assertThat(f.text()).isEqualTo(MIXED.get(i));
                    assertThat(f.error()).containsAnyOf("no words", "empty").doesNotStartWith("text ");
                });
            }
            for (int i : new int[] {0, 2, 4, 5, 6}) {
                assertThat(got.get(i)).isInstanceOfSatisfying(TextOutcome.Success.class, s -> assertThat(
                        LexrayJson.toLine(s.result())).isEqualTo(LexrayJson.toLine(bilstm.explain(MIXED.get(i)))));
            }
            List<TextOutcome<Prediction>> predicted = bilstm.predict(MIXED.stream(), options, OnError.RECORD)
                    .toList();
            assertThat(predicted).filteredOn(o -> o instanceof TextOutcome.Failure).extracting(TextOutcome::index)
                    .containsExactly(1L, 3L, 7L);
        }
    }

    @Test
    void skipLeavesBadTextsOutAndFailStopsAtTheFirst() {
        List<TextOutcome<Explanation>> skipped = bilstm.explain(MIXED.stream(),
                ExplainOptions.defaults().withBatchSize(3), OnError.SKIP).toList();
        assertThat(skipped).extracting(TextOutcome::index).containsExactly(0L, 2L, 4L, 5L, 6L);
        assertThat(skipped).allMatch(o -> o instanceof TextOutcome.Success);
        assertThat(bilstm.predict(MIXED.stream(), ExplainOptions.defaults(), OnError.SKIP).count()).isEqualTo(5);
        assertThatThrownBy(() -> bilstm.explain(MIXED.stream(), ExplainOptions.defaults(), OnError.FAIL).toList())
                .isInstanceOfSatisfying(TextException.class, e -> assertThat(e.index()).isEqualTo(1));
        assertThat(bilstm.explain(Stream.of("good", "bad"), ExplainOptions.defaults(), OnError.FAIL).toList())
                .extracting(TextOutcome::index).containsExactly(0L, 1L);
    }

    @Test
    void explainEachKeepsOneOutcomePerTextOfAList() {
        List<TextOutcome<Explanation>> each = bilstm.explainEach(MIXED, ExplainOptions.defaults());
        assertThat(each).hasSize(MIXED.size());
        assertThat(each).filteredOn(o -> o instanceof TextOutcome.Failure).extracting(TextOutcome::index)
                .containsExactly(1L, 3L, 7L);
        assertThat(bilstm.predictEach(List.of("!!!"), ExplainOptions.defaults()).get(0))
                .isInstanceOf(TextOutcome.Failure.class);
    }

    @Test
    void onErrorNamesParse() {
        assertThat(OnError.parse("record")).isEqualTo(OnError.RECORD);
        assertThat(OnError.parse(" Skip ")).isEqualTo(OnError.SKIP);
        assertThatThrownBy(() -> OnError.parse("ignore")).isExactlyInstanceOf(LexrayException.class)
                .hasMessage("unknown --on-error 'ignore': use fail, skip or record");
    }
}
