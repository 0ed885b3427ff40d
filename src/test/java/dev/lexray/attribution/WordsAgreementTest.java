package dev.lexray.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.Precision;
import dev.lexray.Removal;
import dev.lexray.TokenRelevance;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On subword models the words that occlusion, LIME and random perturb are exactly the words the explanation reports
 * in {@code tokens}, and the ones the evaluation deletes: one grouping of pieces into words serves all of them.
 *
 * <p>Occlusion is checked against the evaluation's own deletion: each reported word's occlusion relevance must equal
 * the explained logit minus the logit of the text with that reported word removed by {@link ModelProbe#logitsWithout}
 * (the same replacement), so occlusion perturbed exactly that word's pieces, no more, no fewer. LIME and random
 * spread one value per word evenly over its pieces, so every reported word's pieces carry equal relevance, and
 * neighbouring words get different values.
 *
 * <p>Where the old grouping (consecutive pieces sharing a tokenizer word id) disagreed: a CJK character, a ZWJ or
 * a variation selector, and another CJK character (WordPiece splits the characters, the report keeps one cluster);
 * RoBERTa's lone {@code Ġ} for a run of spaces (its own word id, reported inside the next word); a combining mark
 * that byte-level BPE splits a word at ({@code nai\u0308ve}).
 */
class WordsAgreementTest {
    @TempDir
    static Path temp;

    /** Punctuation, contractions, hyphens, numbers, accents, {@code ##} pieces, and clusters across CJK words. */
    static final List<String> TEXTS = List.of(
            "i don't love the films, it's un-boring!",
            "the 2024 movie was 12.5 % lovely ... acting",
            "Café naïve cafe\u0301 nai\u0308ve stories",
            "東\u200D京 film is boring",
            "東\uFE0F京 and 中\u0301文 were acting",
            "  double  spaces   here ");

    static LexrayModel bert;
    static LexrayModel roberta;

    @BeforeAll
    static void load() {
        // A window long enough for every text: windows perturb each window's words on their own.
        bert = Lexray.load(TinyTransformers.write(temp.resolve("bert"), Family.BERT,
                TinyTransformers.Options.defaults().withMaxPositions(64)));
        Path ref = SharedData.ifPresent("reference/roberta-sst2-tiny");
        roberta = ref == null ? null : Lexray.load(ref);
    }

    @AfterAll
    static void close() {
        bert.close();
        if (roberta != null) {
            roberta.close();
        }
    }

    static ExplainOptions with(AttributionMethod m) {
        return ExplainOptions.defaults().withMethod(m).withPrecision(Precision.FLOAT64);
    }

    @Test
    void occlusionPerturbsTheReportedWordsOnWordPiece() {
        checkOcclusion(bert, TEXTS);
    }

    @Test
    void limeAndRandomSpreadOverTheReportedWordsOnWordPiece() {
        checkEvenSpread(bert, TEXTS);
    }

    @Test
    void occlusionLimeAndRandomPerturbTheReportedWordsOnByteLevelBpe() {
        SharedData.require("reference/roberta-sst2-tiny");
        List<String> texts = new ArrayList<>(TEXTS);
        texts.add("नमस्ते दुनिया, don't");
        checkOcclusion(roberta, texts);
        checkEvenSpread(roberta, texts);
    }

    private static void checkOcclusion(LexrayModel model, List<String> texts) {
        ModelProbe probe = ModelProbe.of(model);
        for (AttributionMethod.OcclusionMode mode : AttributionMethod.OcclusionMode.values()) {
            Removal removal = switch (mode) {
                case UNK -> Removal.UNK;
                case PAD -> Removal.PAD;
                case DELETE -> Removal.DELETE;
            };
            List<Explanation> es = model.explain(texts, with(new AttributionMethod.Occlusion(mode)));
            for (Explanation e : es) {
                assertThat(e.windows()).as(e.text()).isNull();
                int target = e.target().index();
                int n = e.tokens().size();
                List<boolean[]> masks = new ArrayList<>();
                masks.add(new boolean[n]);
                for (int w = 0; w < n; w++) {
                    boolean[] m = new boolean[n];
                    m[w] = true;
                    masks.add(m);
                }
                double[][] logits = probe.logitsWithout(e.text(), masks, removal);
                for (int w = 0; w < n; w++) {
                    TokenRelevance word = e.tokens().get(w);
                    double expected = logits[0][target] - logits[w + 1][target];
                    assertThat(word.relevance()).as("%s %s: '%s' [%d,%d) of %s", model.name(), mode, word.text(),
                            word.start(), word.end(), e.text()).isCloseTo(expected, within(1e-4));
                }
            }
        }
    }

    private static void checkEvenSpread(LexrayModel model, List<String> texts) {
        for (AttributionMethod m : List.of(new AttributionMethod.Lime(200, 3), new AttributionMethod.Random(5))) {
            for (Explanation e : model.explain(texts, with(m))) {
                double previous = Double.NaN;
                for (TokenRelevance word : e.tokens()) {
                    String what = model.name() + " " + m.name() + ": '" + word.text() + "' of " + e.text();
                    double each = word.relevance() / word.pieces().size();
                    for (TokenRelevance p : word.pieces()) {
                        assertThat(p.relevance()).as(what + " piece " + p.text()).isCloseTo(each, within(1e-12));
                    }
                    // One value per word: a word split across two reported words would repeat its value.
                    assertThat(each).as(what).isNotEqualTo(previous);
                    previous = each;
                }
            }
        }
    }
}
