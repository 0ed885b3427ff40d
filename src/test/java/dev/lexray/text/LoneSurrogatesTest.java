package dev.lexray.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the subword tokenizer is given instead of lone surrogates (which UTF-8 cannot carry). */
class LoneSurrogatesTest {
    @Test
    void loneSurrogatesBecomeReplacementCharactersAndPairsStay() {
        String pair = "\uD83D\uDC4D";
        assertThat(SubwordEncoder.withoutLoneSurrogates("plain")).isSameAs("plain");
        assertThat(SubwordEncoder.withoutLoneSurrogates("a" + pair + "b")).isEqualTo("a" + pair + "b");
        assertThat(SubwordEncoder.withoutLoneSurrogates("a\uD800b\uDC00")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(SubwordEncoder.withoutLoneSurrogates("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD"); // reversed pair
        assertThat(SubwordEncoder.withoutLoneSurrogates("\uD800" + pair + "\uD800")).isEqualTo("\uFFFD" + pair
                + "\uFFFD");
        String mixed = "x\uD800\uD800\uDC00y\uDFFF";
        String fixed = SubwordEncoder.withoutLoneSurrogates(mixed);
        // Same length and same code point count: the tokenizer's offsets map back to the original text.
        assertThat(fixed).hasSameSizeAs(mixed).isEqualTo("x\uFFFD\uD800\uDC00y\uFFFD");
        assertThat(fixed.codePointCount(0, fixed.length())).isEqualTo(mixed.codePointCount(0, mixed.length()));
    }
}
