package dev.lexray.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.WordAnalyzer.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Offsets: every token's span slices the original text to the token (before lower-casing), whatever the script,
 * for both analyzers, with lower-casing on and off.
 */
class WordAnalyzerTest {
    /** Texts that have broken offset handling somewhere; every one must keep spans exact. */
    static final List<String> TEXTS = List.of(
            "A charming and often affecting journey.",
            "Café naïve RÉSUMÉ",                                  // é as one code point
            "cafe\u0301 nai\u0308ve",                             // e + combining acute, i + combining diaeresis
            "I \u2764\uFE0F it \uD83D\uDC4D\uD83C\uDFFD now",    // emoji with variation selector and skin tone
            "fam \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66 ok", // ZWJ family
            "\uD835\uDC00\uD835\uDC01 \uD840\uDC0Bx",             // surrogate pairs: math bold AB, CJK ext. B
            "我爱这部电影 すごい 영화",                              // CJK, kana, hangul
            "مرحبا بالعالم",                                      // Arabic (RTL)
            "שָׁלוֹם עולם",                                         // Hebrew with niqqud (RTL)
            "a\u00A0b c",                                         // no-break space inside a token
            "one\ttwo\nthree\r\nfour\u000Bfive\fsix",            // ASCII whitespace of every kind
            "bell\u0007ring nul\u0000byte esc\u001B[0m",          // control characters, NUL
            "\u0130stanbul \u03A3\u039F\u03A6\u0399\u0391 DON'T", // case mappings of other scripts
            "a\uD800b c\uDC00",                                   // lone surrogates (invalid UTF-16)
            "x".repeat(600) + " y",                               // longer than the token limit
            "\uD83D\uDE00".repeat(300),                           // long run of surrogate pairs
            "   leading and trailing   ");

    static Stream<Arguments> everyTextAndAnalyzer() {
        List<Arguments> out = new ArrayList<>();
        for (String text : TEXTS) {
            for (Kind kind : Kind.values()) {
                for (boolean lowercase : new boolean[] {false, true}) {
                    out.add(Arguments.of(kind, lowercase, text));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} lowercase={1} #{index}")
    @MethodSource("everyTextAndAnalyzer")
    void spansSliceTheOriginalTextToTheToken(Kind kind, boolean lowercase, String text) {
        List<Token> tokens = new WordAnalyzer(kind, lowercase).analyze(text);
        int previousEnd = 0;
        for (Token t : tokens) {
            Span s = t.span();
            assertThat(s.start()).as("in order, no overlap").isGreaterThanOrEqualTo(previousEnd);
            assertThat(s.end()).isLessThanOrEqualTo(text.length()).isGreaterThan(s.start());
            String slice = s.slice(text);
            assertThat(t.term()).isEqualTo(lowercase ? lower(slice) : slice);
            previousEnd = s.end();
        }
        if (kind == Kind.WHITESPACE) {
            // splits on ASCII whitespace only and loses nothing else: every other character is in a token
            StringBuilder outside = new StringBuilder();
            int pos = 0;
            for (Token t : tokens) {
                outside.append(text, pos, t.span().start());
                assertThat(t.span().slice(text)).doesNotContainPattern("[ \\t\\n\\r\\f\\u000B]");
                pos = t.span().end();
            }
            outside.append(text.substring(pos));
            assertThat(outside.toString()).matches("[ \\t\\n\\r\\f\\u000B]*");
        }
    }

    @Test
    void accentsAreOneTokenWhetherComposedOrDecomposed() {
        for (Kind kind : Kind.values()) {
            WordAnalyzer a = new WordAnalyzer(kind, true);
            assertThat(terms(a, "Café")).containsExactly("café");
            assertThat(terms(a, "Cafe\u0301")).containsExactly("cafe\u0301");
            assertThat(a.analyze("Cafe\u0301 ok").get(0).span()).isEqualTo(new Span(0, 5));
        }
    }

    @Test
    void emojiZwjSequencesAndSurrogatePairsStayWhole() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        for (Kind kind : Kind.values()) {
            WordAnalyzer a = new WordAnalyzer(kind, false);
            List<Token> tokens = a.analyze("we " + family + " \uD835\uDC00\uD835\uDC01");
            assertThat(tokens).extracting(Token::term).containsExactly("we", family, "\uD835\uDC00\uD835\uDC01");
            assertThat(tokens.get(1).span()).isEqualTo(new Span(3, 3 + family.length())); // UTF-16 units
            assertThat(tokens.get(2).span()).isEqualTo(new Span(12, 16));
        }
    }

    @Test
    void cjkIsOneTokenPerIdeographWithStandardAndOneRunWithWhitespace() {
        String text = "我爱电影 好";
        assertThat(terms(new WordAnalyzer(Kind.STANDARD, true), text)).containsExactly("我", "爱", "电", "影", "好");
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, true), text)).containsExactly("我爱电影", "好");
    }

    @Test
    void rightToLeftScriptsKeepLogicalOrderAndMarks() {
        for (Kind kind : Kind.values()) {
            WordAnalyzer a = new WordAnalyzer(kind, true);
            assertThat(terms(a, "مرحبا بالعالم")).containsExactly("مرحبا", "بالعالم");
            assertThat(terms(a, "שָׁלוֹם עולם")).containsExactly("שָׁלוֹם", "עולם");
        }
    }

    @Test
    void noBreakSpaceSplitsOnlyWithTheStandardAnalyzer() {
        String text = "a\u00A0b c";
        List<Token> ws = new WordAnalyzer(Kind.WHITESPACE, false).analyze(text);
        assertThat(ws).extracting(Token::term).containsExactly("a\u00A0b", "c");
        assertThat(ws.get(0).span()).isEqualTo(new Span(0, 3));
        assertThat(terms(new WordAnalyzer(Kind.STANDARD, false), text)).containsExactly("a", "b", "c");
        // other Unicode spaces are not ASCII whitespace either
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, false), "a\u2003b\u3000c")).hasSize(1);
    }

    @Test
    void tabsNewlinesAndCarriageReturnsSplit() {
        for (Kind kind : Kind.values()) {
            assertThat(terms(new WordAnalyzer(kind, false), "one\ttwo\nthree\r\nfour\u000Bfive\fsix"))
                    .containsExactly("one", "two", "three", "four", "five", "six");
        }
    }

    @Test
    void controlCharactersAndNul() {
        String text = "bell\u0007ring nul\u0000byte";
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, false), text))
                .containsExactly("bell\u0007ring", "nul\u0000byte");
        assertThat(terms(new WordAnalyzer(Kind.STANDARD, false), text))
                .containsExactly("bell", "ring", "nul", "byte");
    }

    @Test
    void standardDropsPunctuationWhitespaceKeepsIt() {
        String text = "Don't stop, U.S.A. e-mail!";
        assertThat(terms(new WordAnalyzer(Kind.STANDARD, false), text))
                .containsExactly("Don't", "stop", "U.S.A", "e", "mail");
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, false), text))
                .containsExactly("Don't", "stop,", "U.S.A.", "e-mail!");
    }

    @Test
    void lowercaseOnAndOff() {
        String text = "The MOVIE \u0130stanbul \u03A3\u039F\u03A6\u0399\u0391";
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, true), text))
                .containsExactly("the", "movie", "istanbul", "\u03C3\u03BF\u03C6\u03B9\u03B1");
        assertThat(terms(new WordAnalyzer(Kind.WHITESPACE, false), text))
                .containsExactly("The", "MOVIE", "\u0130stanbul", "\u03A3\u039F\u03A6\u0399\u0391");
        // the span still covers the original (upper-case) characters
        List<Token> lower = new WordAnalyzer(Kind.STANDARD, true).analyze(text);
        assertThat(lower.get(1).span().slice(text)).isEqualTo("MOVIE");
    }

    @Test
    void tokensLongerThanTheLimitAreSplitIntoContiguousPieces() {
        String text = "x".repeat(600);
        for (Kind kind : Kind.values()) {
            List<Token> tokens = new WordAnalyzer(kind, false).analyze(text);
            assertThat(tokens).extracting(Token::span)
                    .containsExactly(new Span(0, 255), new Span(255, 510), new Span(510, 600));
        }
    }

    @Test
    void emptyAndWhitespaceOnlyTextsHaveNoTokens() {
        for (Kind kind : Kind.values()) {
            WordAnalyzer a = new WordAnalyzer(kind, true);
            assertThat(a.analyze("")).isEmpty();
            assertThat(a.analyze(" \t\r\n ")).isEmpty();
        }
        assertThat(new WordAnalyzer(Kind.STANDARD, true).analyze("... !! --")).isEmpty();
    }

    @Test
    void kindParsing() {
        assertThat(Kind.parse(null)).isEqualTo(Kind.STANDARD);
        assertThat(Kind.parse("Whitespace")).isEqualTo(Kind.WHITESPACE);
        assertThat(Kind.parse("standard")).isEqualTo(Kind.STANDARD);
        assertThatThrownBy(() -> Kind.parse("wordpiece")).isInstanceOf(LexrayException.class)
                .hasMessageContaining("unknown analyzer 'wordpiece'").hasMessageContaining("whitespace");
    }

    @Test
    void theAnalyzerIsReusableAndThreadSafe() throws Exception {
        WordAnalyzer a = new WordAnalyzer(Kind.STANDARD, true);
        List<String> expected = terms(a, TEXTS.get(0));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                for (int k = 0; k < 200; k++) {
                    if (!terms(a, TEXTS.get(0)).equals(expected)) {
                        failures.add(new AssertionError("different tokens"));
                    }
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    private static List<String> terms(WordAnalyzer a, String text) {
        return a.analyze(text).stream().map(Token::term).toList();
    }

    /** Lucene's LowerCaseFilter: {@link Character#toLowerCase(int)} per code point. */
    static String lower(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().map(Character::toLowerCase).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
