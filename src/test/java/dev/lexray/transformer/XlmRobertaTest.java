package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.TokenRelevance;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.SharedData;
import dev.lexray.text.EncodedText;
import dev.lexray.text.SubwordEncoder;
import dev.lexray.text.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code XLMRobertaForSequenceClassification} has no reference model here, so the RoBERTa reference's weights
 * (read in place through a link, or copied into the temporary directory) are loaded under {@code model_type}
 * {@code xlm-roberta}: with RoBERTa's own tokenizer the logits are PyTorch's, and with a SentencePiece Unigram
 * {@code tokenizer.json} built here ({@code ▁} word starts, NFKC, XLM-R's special-token ids) the pieces, words and
 * offsets of accented, CJK and emoji text are the expected ones and the model explains them.
 */
class XlmRobertaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whole-word pieces, then pieces inside words; characters outside these become {@code <unk>}. */
    private static final List<String> PIECES = List.of("▁", "▁le", "▁café", "▁était", "▁dé", "licieux", "▁naïve",
            "▁i", "▁love", "▁it", "!", "▁!", "日本", "語", "の", "テキスト", "▁東京", "は", "😀", "👍", "🏽", "▁film",
            "s", "▁the", "c", "a", "f", "e", "é", "t", "i", "l", "o", "v", "n", "m", "r", "u", "x", "d", "h");

    @TempDir
    Path tmp;


    /** RoBERTa's weights and tokenizer under model_type xlm-roberta: the same network, PyTorch's logits. */
    @Test
    void robertaWeightsUnderXlmRobertaGivePyTorchsLogits() throws IOException {
        Path dir = xlmDirectory(Files.readString(roberta().resolve("tokenizer.json")));
        try (LexrayModel model = Lexray.load(dir)) {
            List<Prediction> p = model.predict(TransformerParityTest.SENTENCES);
            double[][] expected = {{-1.70108, 1.73576}, {1.05109, -1.16976}, {-1.54882, 1.54620}};
            for (int i = 0; i < expected.length; i++) {
                assertThat(p.get(i).logits()).as(TransformerParityTest.SENTENCES.get(i))
                        .containsExactly(expected[i], within(1e-4));
            }
        }
    }

    /** Text to its expected words: accents (precomposed and combining), emoji, CJK, runs of spaces. */
    static final Map<String, List<String>> WORDS = Map.of(
            "Le café était délicieux !", List.of("Le", "café", "était", "délicieux", "!"),
            "Le cafe\u0301 e\u0301tait de\u0301licieux", List.of("Le", "cafe\u0301", "e\u0301tait", "de\u0301licieux"),
            "I love it 😀👍🏽 !", List.of("I", "love", "it", "😀👍🏽", "!"),
            "日本語のテキスト 東京は films", List.of("日本語のテキスト", "東京は", "films"),
            " naïve  the   film ", List.of("naïve", "the", "film"));

    /** The tokenizer alone (no model needed): pieces and their spans, special tokens apart. */
    @Test
    void unigramPiecesAndSpans() throws IOException {
        Path file = Files.writeString(tmp.resolve("tokenizer.json"), unigramTokenizerJson());
        try (SubwordEncoder encoder = new SubwordEncoder(file, 1, 3)) {
            EncodedText e = encoder.encode("Le cafe\u0301 était délicieux 😀👍🏽 !");
            List<String> pieces = e.tokens().stream().map(Token::term).toList();
            assertThat(pieces).containsExactly("<s>", "▁", "L", "e", "▁café", "▁était", "▁dé", "licieux", "▁", "😀",
                    "👍", "🏽", "▁!", "</s>");
            assertThat(e.ids()[0]).isZero();
            assertThat(e.ids()[e.length() - 1]).isEqualTo(2);
            assertThat(e.id(2)).as("L is not in the vocabulary").isEqualTo(3);
            assertThat(e.unknownCount()).isEqualTo(1);
            List<String> slices = e.tokens().stream().map(t -> t.span().slice(e.text())).toList();
            // A lone ▁ holds no character; the space before a piece is not in it; the combining accent is in café's.
            assertThat(slices).containsExactly("", "", "L", "e", "cafe\u0301", "était", "dé", "licieux", "", "😀", "👍",
                    "🏽", "!", "");
            assertThat(e.wordIds()).containsExactly(-1, 0, 0, 0, 1, 2, 3, 3, 4, 4, 4, 4, 5, -1);
        }
    }

    @Test
    void unigramWordsAndOffsetsThroughTheModel() throws IOException {
        Path dir = xlmDirectory(unigramTokenizerJson());
        try (LexrayModel model = Lexray.load(dir)) {
            List<String> texts = List.copyOf(WORDS.keySet());
            List<Explanation> batched = model.explain(texts);
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                Explanation e = batched.get(i);
                assertThat(e.tokens()).extracting(TokenRelevance::text).as(text)
                        .containsExactlyElementsOf(WORDS.get(text));
                assertThat(e.specialTokens()).extracting(TokenRelevance::text).containsExactly("<s>", "</s>");
                double words = 0;
                for (TokenRelevance w : e.tokens()) {
                    String at = text + ": " + w.text() + " [" + w.start() + "," + w.end() + ")";
                    assertThat(text.substring(w.start(), w.end())).as(at).isEqualTo(w.text());
                    double pieces = 0;
                    for (TokenRelevance p : w.pieces()) {
                        String piece = at + " piece " + p.text() + " [" + p.start() + "," + p.end() + ")";
                        assertThat(p.start()).as(piece).isBetween(w.start(), w.end());
                        assertThat(p.end()).as(piece).isBetween(p.start(), w.end());
                        // The piece's characters, normalised as the tokenizer does, are the piece without its ▁
                        // (a piece outside the vocabulary is <unk>, named by its characters).
                        assertThat(Normalizer.normalize(text.substring(p.start(), p.end()), Normalizer.Form.NFKC))
                                .as(piece).isEqualTo(p.text().replace("▁", ""));
                        pieces += p.relevance();
                    }
                    assertThat(w.relevance()).as(at).isCloseTo(pieces, within(1e-12));
                    words += w.relevance();
                }
                assertThat(Math.abs(words)).as(text).isGreaterThan(1e-6);
                Explanation alone = model.explain(text);
                assertThat(alone.relevances()).as(text).containsExactly(e.relevances(), within(1e-4));
            }
        }
    }

    /** Both attention rules explain it, and with bias factor 1 words plus special tokens are the score. */
    @Test
    void bothRulesConserveWithBiasFactorOne() throws IOException {
        Path dir = xlmDirectory(unigramTokenizerJson());
        try (LexrayModel model = Lexray.load(dir)) {
            List<String> texts = List.copyOf(WORDS.keySet());
            for (AttentionRule attention : AttentionRule.values()) {
                List<Explanation> es = model.explain(texts, ExplainOptions.defaults().withEpsilon(0.01, 1)
                        .withAttention(attention).withPrecision(Precision.FLOAT64));
                for (Explanation e : es) {
                    double words = Arrays.stream(e.relevances()).sum();
                    double special = e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
                    assertThat(words + special).as("%s %s", attention, e.text())
                            .isCloseTo(e.conservation().targetScore(), within(1e-9));
                    assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).isTrue();
                }
            }
        }
    }

    /** The RoBERTa reference, read in place; the test is skipped without it. */
    private static Path roberta() {
        return SharedData.require("reference/roberta-sst2-tiny");
    }

    /** A temporary XLM-R directory: the RoBERTa config under model_type xlm-roberta, its weights, a tokenizer. */
    private Path xlmDirectory(String tokenizerJson) throws IOException {
        Path roberta = roberta();
        Path dir = Files.createDirectories(tmp.resolve("xlm-roberta"));
        ObjectNode config = (ObjectNode) JSON.readTree(roberta.resolve("config.json").toFile());
        config.put("model_type", "xlm-roberta");
        config.putArray("architectures").add("XLMRobertaForSequenceClassification");
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        Path weights = dir.resolve("model.safetensors");
        try {
            Files.createSymbolicLink(weights, roberta.resolve("model.safetensors"));
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(roberta.resolve("model.safetensors"), weights);
        }
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
        return dir;
    }

    /**
     * A SentencePiece Unigram {@code tokenizer.json} laid out as XLM-R's ({@code <s>}=0, {@code <pad>}=1,
     * {@code </s>}=2, {@code <unk>}=3; Metaspace pre-tokenizer; {@code <s> $A </s>}), with NFKC in place of the
     * precompiled SentencePiece normaliser (a binary map this test cannot build). Longer pieces score higher, so
     * whole words win over their letters.
     */
    static String unigramTokenizerJson() throws IOException {
        List<String> specials = List.of("<s>", "<pad>", "</s>", "<unk>");
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < specials.size(); i++) {
            ObjectNode a = added.addObject();
            a.put("id", i);
            a.put("content", specials.get(i));
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
        }
        root.putObject("normalizer").put("type", "NFKC");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Metaspace");
        pre.put("replacement", "▁");
        pre.put("prepend_scheme", "always");
        pre.put("split", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ObjectNode sp = post.putObject("special_tokens");
        for (String s : List.of("<s>", "</s>")) {
            ObjectNode n = sp.putObject(s);
            n.put("id", s);
            n.putArray("ids").add(specials.indexOf(s));
            n.putArray("tokens").add(s);
        }
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Metaspace");
        decoder.put("replacement", "▁");
        decoder.put("prepend_scheme", "always");
        decoder.put("split", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", 3);
        ArrayNode vocab = model.putArray("vocab");
        for (String s : specials) {
            vocab.addArray().add(s).add(0.0);
        }
        for (String piece : PIECES) {
            vocab.addArray().add(piece).add(-10.0 / piece.codePointCount(0, piece.length()));
        }
        model.put("byte_fallback", false);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
