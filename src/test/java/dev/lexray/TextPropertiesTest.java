package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels;
import dev.lexray.text.SubwordEncoderAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties over random texts (known words in random case, accents composed and decomposed, CJK, RTL, emoji with
 * modifiers and ZWJ, NUL and control characters, lone surrogates, odd whitespace): explaining either works or fails
 * with a {@link LexrayException}; every word and piece slices the original text to exactly itself; relevances and
 * logits are finite; a batch gives what one text at a time gives.
 */
class TextPropertiesTest {
    static Path dir;
    static LexrayModel bag;
    static LexrayModel bilstm;
    /** The reference BERT and RoBERTa from ../shared, or null where it is absent (their properties then skip). */
    static LexrayModel bert;
    static LexrayModel roberta;

    @BeforeContainer
    static void load() throws IOException {
        dir = Files.createTempDirectory("lexray-properties");
        bag = Lexray.load(TinyModels.bagMlp(dir.resolve("bag")));
        bilstm = Lexray.load(TinyModels.bilstm(dir.resolve("bilstm")));
        Path bertDir = SharedData.ifPresent("reference/bert-sst2-tiny");
        bert = bertDir == null ? null : Lexray.load(bertDir);
        Path robertaDir = SharedData.ifPresent("reference/roberta-sst2-tiny");
        roberta = robertaDir == null ? null : Lexray.load(robertaDir);
    }

    @AfterContainer
    static void close() throws IOException {
        for (LexrayModel m : new LexrayModel[] {bag, bilstm, bert, roberta}) {
            if (m != null) {
                m.close();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Fragments texts are made of: the tiny models' words and characters that tokenizers find hard. */
    static final List<String> FRAGMENTS = List.of("the", "Movie", "GOOD", "bad", "great", "awful", "not", "film",
            "a", "is", "zebra", "qu", "caf\u00E9", "cafe\u0301", "na\u00EFve", "x\u0300\u0301", "\u6771\u4EAC",
            "\u4E2D", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "\u200F", "\uD83D\uDC4D",
            "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u2764\uFE0F",
            "\u0000", "\u0007", "\u001B", "\uD800", "\uDC00", "\u200B", "\uFEFF", "\u00AD", "'", "-", ".", "!",
            "don't", "U.S.A.", "\uFFFD", "\u00DF", "\u01C4", "\uD835\uDC00", "\u0E01\u0E34", "\u0928\u092E\u0938\u094D\u0924\u0947");
    static final List<String> SEPARATORS = List.of(" ", " ", " ", "", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2028",
            "\u0085", ", ", ". ");

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Combinators.combine(Arbitraries.of(FRAGMENTS), Arbitraries.of(SEPARATORS))
                .as((f, s) -> f + s);
        return piece.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<List<String>> batches() {
        return texts().list().ofMinSize(2).ofMaxSize(9);
    }

    /** The explanation, or null when the text is refused, which must be a LexrayException with a message. */
    static Explanation explainOrRefuse(LexrayModel m, String text, ExplainOptions options) {
        try {
            return m.explain(text, options);
        } catch (LexrayException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return null;
        }
    }

    static void assertExact(Explanation e, String text) {
        assertThat(e.text()).isEqualTo(text);
        int previousEnd = 0;
        for (TokenRelevance w : e.tokens()) {
            assertThat(w.start()).as("%s in %s", w, text).isGreaterThanOrEqualTo(previousEnd).isLessThan(w.end());
            assertThat(text.substring(w.start(), w.end())).isEqualTo(w.text());
            assertThat(Double.isFinite(w.relevance())).isTrue();
            previousEnd = w.end();
            if (w.pieces() != null) {
                for (TokenRelevance p : w.pieces()) {
                    assertThat(Double.isFinite(p.relevance())).isTrue();
                    assertThat(p.start()).as("piece %s of %s", p, w).isBetween(w.start(), w.end());
                    assertThat(p.end()).as("piece %s of %s", p, w).isBetween(p.start(), w.end());
                }
            }
        }
        for (double v : e.logits()) {
            assertThat(Double.isFinite(v)).isTrue();
        }
        Conservation c = e.conservation();
        assertThat(Double.isFinite(c.residual()) && Double.isFinite(c.initialState())).isTrue();
    }

    @Property(tries = 150)
    void wordLevelOffsetsAreExactAndRelevancesFinite(@ForAll("texts") String text) {
        for (LexrayModel m : List.of(bag, bilstm)) {
            Explanation e = explainOrRefuse(m, text, ExplainOptions.defaults());
            if (e != null) {
                assertExact(e, text);
                assertThat(e.tokens()).isNotEmpty();
            }
        }
    }

    @Property(tries = 15)
    void wordLevelBatchEqualsOneByOne(@ForAll("batches") List<String> texts) {
        for (LexrayModel m : List.of(bag, bilstm)) {
            for (Precision precision : Precision.values()) {
                ExplainOptions options = ExplainOptions.defaults().withPrecision(precision).withBatchSize(4);
                List<String> ok = new ArrayList<>();
                List<Explanation> single = new ArrayList<>();
                for (String t : texts) {
                    Explanation e = explainOrRefuse(m, t, options);
                    if (e != null) {
                        ok.add(t);
                        single.add(e);
                    }
                }
                if (ok.isEmpty()) {
                    continue;
                }
                List<Explanation> batched = m.explain(ok, options);
                double tol = precision == Precision.FLOAT64 ? 1e-9 : 1e-4;
                for (int i = 0; i < ok.size(); i++) {
                    assertClose(batched.get(i), single.get(i), tol);
                }
            }
        }
    }

    static void assertClose(Explanation a, Explanation b, double tol) {
        assertThat(a.tokens()).extracting(TokenRelevance::text).isEqualTo(b.tokens().stream()
                .map(TokenRelevance::text).toList());
        assertThat(a.predicted()).isEqualTo(b.predicted());
        double[] x = a.relevances();
        double[] y = b.relevances();
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - y[i])).as("word %d of %s", i, a.text()).isLessThanOrEqualTo(
                    tol * Math.max(1, Math.abs(y[i])));
        }
        double[] lx = a.logits();
        double[] ly = b.logits();
        for (int i = 0; i < lx.length; i++) {
            assertThat(Math.abs(lx[i] - ly[i])).isLessThanOrEqualTo(tol * Math.max(1, Math.abs(ly[i])));
        }
    }

    // ---- subword tokenizers: each piece's span holds exactly that piece ----

    @Property(tries = 60)
    @SharedData.Requires("reference/bert-sst2-tiny")
    void wordPiecesSliceTheirOwnCharacters(@ForAll("texts") String text) {
        {
            Explanation e = explainOrRefuse(bert, text, ExplainOptions.defaults());
            if (e == null) {
                return;
            }
            assertExact(e, text);
            for (TokenRelevance w : e.tokens()) {
                for (TokenRelevance p : w.pieces()) {
                    if (p.text().equals("[UNK]") || p.start() == p.end()) {
                        continue;
                    }
                    String piece = p.text().startsWith("##") ? p.text().substring(2) : p.text();
                    assertThat(bertNormal(text.substring(p.start(), p.end()))).as("piece %s [%d,%d) of %s",
                            p.text(), p.start(), p.end(), BadInputTest.escape(text)).isEqualTo(piece);
                }
            }
        }
    }

    @Property(tries = 60)
    @SharedData.Requires("reference/roberta-sst2-tiny")
    void byteLevelPiecesSliceTheirOwnBytes(@ForAll("texts") String text) {
        {
            Explanation e = explainOrRefuse(roberta, text, ExplainOptions.defaults());
            if (e == null) {
                return;
            }
            assertExact(e, text);
            for (TokenRelevance w : e.tokens()) {
                for (TokenRelevance p : w.pieces()) {
                    if (p.start() == p.end()) { // a whitespace piece moved to its word's edge
                        continue;
                    }
                    byte[] bytes = decodeByteLevel(p.text());
                    String slice = replaceLoneSurrogates(text.substring(p.start(), p.end()));
                    String what = String.format("piece %s [%d,%d) of %s", BadInputTest.escape(p.text()), p.start(),
                            p.end(), BadInputTest.escape(text));
                    String decoded = strictUtf8(bytes);
                    if (decoded != null && !decoded.isBlank()) {
                        assertThat(slice).as(what).isEqualTo(decoded.stripLeading());
                    } else if (decoded == null) { // part of a character split over pieces: the character's span
                        assertThat(indexOf(slice.getBytes(StandardCharsets.UTF_8), bytes)).as(what)
                                .isGreaterThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    /** BertNormalizer: drop NUL, U+FFFD and control/format characters, strip accents, lowercase. */
    static String bertNormal(String s) {
        StringBuilder b = new StringBuilder();
        replaceLoneSurrogates(s).codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean control = (type == Character.CONTROL || type == Character.FORMAT) && cp != '\t' && cp != '\n'
                    && cp != '\r';
            if (cp != 0 && cp != 0xFFFD && !control) {
                b.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(b.toString(), Normalizer.Form.NFD).replaceAll("\\p{Mn}", "")
                .toLowerCase(Locale.ROOT);
    }

    static String replaceLoneSurrogates(String s) {
        return SubwordEncoderAccess.withoutLoneSurrogates(s);
    }

    private static final Map<Integer, Integer> BYTE_OF_CHAR = new HashMap<>();

    static {
        // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others for 256 + n.
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_OF_CHAR.put(printable ? b : 256 + n++, b);
        }
    }

    static byte[] decodeByteLevel(String piece) {
        byte[] out = new byte[piece.length()];
        for (int i = 0; i < piece.length(); i++) {
            out[i] = (byte) (int) BYTE_OF_CHAR.get((int) piece.charAt(i));
        }
        return out;
    }

    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
