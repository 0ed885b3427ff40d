package dev.lexray.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelProbe#logitsWithout} on the shared subword models: words are the explanation's words (all their
 * pieces), texts longer than the window are scored over windows as {@code predict} scores them.
 */
class PerturbationReferenceTest {
    @Test
    void subwordWordsAndWindows() {
        try (LexrayModel bert = Lexray.load(SharedData.require("reference/bert-sst2-tiny"))) {
            ModelProbe probe = ModelProbe.of(bert);
            String shortText = "an unflinchingly bleak and desperate film";
            Explanation e = bert.explain(shortText);
            int n = e.tokens().size();
            assertThat(n).isEqualTo(6);
            boolean[] none = new boolean[n];
            boolean[] second = new boolean[n];
            second[1] = true; // "unflinchingly", several pieces
            double[][] deleted = probe.logitsWithout(shortText, List.of(none, second), Removal.DELETE);
            assertThat(deleted[0]).containsExactly(bert.predict(shortText).logits(), within(1e-5));
            assertThat(deleted[1]).containsExactly(bert.predict("an bleak and desperate film").logits(), within(1e-5));
            // Every piece of the word becomes [UNK].
            int pieces = e.tokens().get(1).pieces().size();
            assertThat(pieces).isGreaterThan(1);
            double[][] unk = probe.logitsWithout(shortText, List.of(second), Removal.UNK);
            assertThat(unk[0]).containsExactly(bert.predict("an " + "[UNK] ".repeat(pieces)
                    + "bleak and desperate film").logits(), within(1e-5));

            String longText = "a charming and often affecting journey , ".repeat(20) + "but dull .";
            Explanation le = bert.explain(longText,
                    ExplainOptions.defaults().withMethod(new AttributionMethod.Random(0)));
            assertThat(le.windows()).isGreaterThan(1);
            boolean[] nothing = new boolean[le.tokens().size()];
            double[][] full = probe.logitsWithout(longText, List.of(nothing), Removal.ZERO_EMBEDDING);
            assertThat(full[0]).containsExactly(bert.predict(longText).logits(), within(1e-5));
        }
    }
}
