package dev.lexray.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction loop that the evaluation and ModelEvaluation share: texts the model cannot encode are skipped. */
class PredictionsTest {
    @TempDir
    Path temp;

    @Test
    void skipsTextsWithoutATokenScoresUnknownWordsAndKeepsTheOrder() {
        Path dir = TinyModels.bagMlpSpec().write(temp.resolve("bag"));
        List<String> texts = List.of("a good film", " ", "qqq zzz", "the movie is bad", "\t");
        try (LexrayModel model = Lexray.load(dir)) {
            List<String> scored = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            int skipped = Predictions.predict(model, texts, t -> t, (t, p) -> {
                assertThat(p.text()).isEqualTo(t);
                scored.add(t);
            }, done::add);
            assertThat(skipped).isEqualTo(2);
            // words unknown to the model are a text it can score (issue 12.8); no token at all is not
            assertThat(scored).containsExactly("a good film", "qqq zzz", "the movie is bad");
            assertThat(done).containsExactly(5);
        }
        ModelEvaluation.Outcome o = ModelEvaluation.run(dir, List.of(new LabelledText("1", "a good film", "positive"),
                new LabelledText("2", " ", "negative"), new LabelledText("3", "qqq", "negative"),
                new LabelledText("4", "the film is bad", "negative")));
        assertThat(o.skipped()).isEqualTo(1);
        assertThat(o.metrics()).isNotNull();
        assertThatThrownBy(() -> ModelEvaluation.run(dir, List.of(new LabelledText("1", "a good film", "pos"))))
                .isInstanceOf(LexrayException.class).hasMessageContaining("label 'pos' is not one of");
    }
}
