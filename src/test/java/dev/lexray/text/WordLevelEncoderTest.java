package dev.lexray.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.WordAnalyzer.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word-level encoding: vocabulary ids, spans into the original text, and clear errors for unusable texts. */
class WordLevelEncoderTest {
    static final Vocabulary VOCAB = new Vocabulary(List.of("[PAD]", "[UNK]", "the", "movie", "good", "café",
            "cafe\u0301", "我", "\uD83D\uDC4D", "a\u00A0b", "good", "don't"));

    static WordLevelEncoder encoder(Kind kind, boolean lowercase, int maxLength) {
        return new WordLevelEncoder(new WordAnalyzer(kind, lowercase), VOCAB, maxLength);
    }

    @Test
    void idsFollowTheVocabularyAndSpansTheOriginalText() {
        String text = "The GOOD movie, honestly";
        EncodedText e = encoder(Kind.STANDARD, true, 0).encode(text);
        assertThat(e.text()).isEqualTo(text);
        assertThat(e.ids()).containsExactly(2, 4, 3, 1);
        assertThat(e.unknownCount()).isEqualTo(1);
        assertThat(e.tokens()).extracting(t -> t.span().slice(text))
                .containsExactly("The", "GOOD", "movie", "honestly");
        assertThat(e.length()).isEqualTo(4);
    }

    @Test
    void lowercaseOffLooksUpTheExactForm() {
        EncodedText e = encoder(Kind.WHITESPACE, false, 0).encode("the GOOD movie");
        assertThat(e.ids()).containsExactly(2, 1, 3);
    }

    @Test
    void duplicateVocabularyEntriesKeepTheFirstId() {
        assertThat(VOCAB.idOf("good")).isEqualTo(4);
        assertThat(VOCAB.idOf("nope")).isEqualTo(VOCAB.unkId());
        assertThat(encoder(Kind.STANDARD, true, 0).padId()).isZero();
    }

    @Test
    void unicodeWordsAreFoundWithExactSpans() {
        String text = "Café cafe\u0301 我 \uD83D\uDC4D a\u00A0b";
        EncodedText ws = encoder(Kind.WHITESPACE, true, 0).encode(text);
        assertThat(ws.ids()).containsExactly(5, 6, 7, 8, 9);
        assertThat(ws.unknownCount()).isZero();
        for (Token t : ws.tokens()) {
            assertThat(WordAnalyzerTest.lower(t.span().slice(text))).isEqualTo(t.term());
        }
        assertThat(ws.tokens().get(3).span()).isEqualTo(new Span(13, 15)); // the emoji is 2 UTF-16 units
        // the standard analyzer splits at the no-break space, so "a b" is not found there
        EncodedText st = encoder(Kind.STANDARD, true, 0).encode(text);
        assertThat(st.ids()).containsExactly(5, 6, 7, 8, 1, 1);
    }

    @Test
    void emptyOrWhitespaceOnlyTextIsAnError() {
        for (Kind kind : Kind.values()) {
            WordLevelEncoder enc = encoder(kind, true, 0);
            for (String text : new String[] {null, "", " ", " \t\r\n ", "\u2003\u3000"}) {
                assertThatThrownBy(() -> enc.encode(text)).as(kind + " %s", text)
                        .isExactlyInstanceOf(LexrayException.class)
                        .hasMessageContaining("empty");
            }
        }
    }

    @Test
    void textWithoutAnyWordIsAnError() {
        assertThatThrownBy(() -> encoder(Kind.STANDARD, true, 0).encode("... !!! -- ?"))
                .isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("no words").hasMessageContaining("standard analyzer")
                .hasMessageContaining("\"... !!! -- ?\"");
    }

    @Test
    void onlyUnknownWordsAreEncodedAsUnk() {
        for (Kind kind : Kind.values()) {
            WordLevelEncoder enc = encoder(kind, true, 0);
            EncodedText e = enc.encode("zebra quantum");
            assertThat(e.ids()).as(kind.name()).containsExactly(enc.vocabulary().unkId(), enc.vocabulary().unkId());
            assertThat(e.unknownCount()).isEqualTo(2);
        }
        // a no-break space on its own is a (unknown) word for the whitespace analyzer, not an empty text
        assertThat(encoder(Kind.WHITESPACE, true, 0).encode("\u00A0").unknownCount()).isEqualTo(1);
    }

    @Test
    void errorMessagesShowAShortOneLinePreview() {
        String text = "!!!\n??\t" + "- ".repeat(100); // no word the standard analyzer keeps
        assertThatThrownBy(() -> encoder(Kind.STANDARD, true, 0).encode(text))
                .hasMessageNotContaining("\n").hasMessageNotContaining("\t")
                .hasMessageContaining("\"!!! ?? -").hasMessageContaining("...\"")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(160));
    }

    @Test
    void maxLengthExceededIsAClearError() {
        WordLevelEncoder enc = encoder(Kind.WHITESPACE, true, 3);
        assertThat(enc.encode("the good movie").length()).isEqualTo(3);
        assertThatThrownBy(() -> enc.encode("the good movie the end"))
                .isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("5 words").hasMessageContaining("at most 3")
                .hasMessageContaining("max_length").hasMessageContaining("split");
        assertThat(encoder(Kind.WHITESPACE, true, 0).encode("good ".repeat(5000)).length()).isEqualTo(5000);
    }

    @Test
    void vocabularyMustStartWithPadAndUnk() {
        assertThatThrownBy(() -> new Vocabulary(List.of("[UNK]", "[PAD]", "a")))
                .isInstanceOf(LexrayException.class).hasMessageContaining("[PAD] (id 0)");
        assertThatThrownBy(() -> new Vocabulary(List.of("[PAD]")))
                .isInstanceOf(LexrayException.class).hasMessageContaining("[UNK] (id 1)");
    }

    @Test
    void vocabularyFileWithCrlfLineEndsOrAByteOrderMark(@TempDir Path dir) throws IOException {
        Path crlf = Files.writeString(dir.resolve("crlf.txt"), "[PAD]\r\n[UNK]\r\ngood\r\n", StandardCharsets.UTF_8);
        Vocabulary v = Vocabulary.read(crlf);
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.idOf("good")).isEqualTo(2);
        Path bom = Files.writeString(dir.resolve("bom.txt"), "\uFEFF[PAD]\n[UNK]\ngood\n", StandardCharsets.UTF_8);
        assertThat(Vocabulary.read(bom).idOf("good")).isEqualTo(2);
    }
}
