package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.RuleSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.testing.TinyModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line, run in-process through {@link LexrayCommand#execute}: output formats, targets, inputs, and
 * user errors (exit 2, one "lexray:" line on stderr, nothing on stdout, no stack trace).
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;
    static String bag;
    static String bilstm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildModels() {
        bag = TinyModels.bagMlp(models.resolve("tiny-bag")).toString();
        bilstm = TinyModels.bilstm(models.resolve("tiny-bilstm")).toString();
    }

    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    static Result lexray(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
    }

    // ---- explain: JSON ----

    @Test
    void explainPrintsOneJsonObjectWithExactlyTheDocumentedFields() throws IOException {
        String text = "The movie is GOOD";
        Result r = lexray("explain", "--model", bag, "--text", text);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode e = JSON.readTree(r.outLines().get(0));
        assertThat(fieldNames(e)).containsExactly("text", "model", "method", "rule", "labels", "logits",
                "probabilities", "predicted", "target", "tokens", "conservation");
        assertThat(e.get("text").asText()).isEqualTo(text);
        assertThat(e.get("model").asText()).isEqualTo("tiny-bag");
        assertThat(e.get("method").asText()).isEqualTo("lrp");
        // the whole composite, so that the rule field parses back to the same settings
        assertThat(fieldNames(e.get("rule"))).containsExactly("name", "parameters", "recurrent", "attention");
        assertThat(e.get("rule").get("name").asText()).isEqualTo("epsilon");
        assertThat(fieldNames(e.get("rule").get("parameters"))).containsExactlyInAnyOrder("epsilon", "bias_factor");
        assertThat(texts(e.get("labels"))).containsExactly("negative", "positive");
        assertThat(e.get("logits")).hasSize(2);
        assertThat(e.get("probabilities").get(0).asDouble() + e.get("probabilities").get(1).asDouble())
                .isCloseTo(1.0, within(1e-9));
        assertThat(fieldNames(e.get("predicted"))).containsExactly("index", "label");
        assertThat(e.get("predicted").get("label").asText()).isEqualTo("positive");
        assertThat(e.get("predicted").get("index").asInt()).isEqualTo(1);
        assertThat(fieldNames(e.get("target"))).containsExactly("index", "label");
        assertThat(e.get("target").get("label").asText()).isEqualTo("positive");

        double sum = 0;
        List<String> words = new ArrayList<>();
        for (JsonNode t : e.get("tokens")) {
            assertThat(fieldNames(t)).containsExactly("text", "start", "end", "relevance");
            assertThat(text.substring(t.get("start").asInt(), t.get("end").asInt())).isEqualTo(t.get("text").asText());
            sum += t.get("relevance").asDouble();
            words.add(t.get("text").asText());
        }
        assertThat(words).containsExactly("The", "movie", "is", "GOOD");
        JsonNode c = e.get("conservation");
        assertThat(fieldNames(c)).containsExactly("sum", "initial_state", "target_score", "residual");
        assertThat(c.get("sum").asDouble()).isCloseTo(sum, within(1e-9));
        assertThat(c.get("target_score").asDouble()).isCloseTo(e.get("logits").get(1).asDouble(), within(1e-5));
        // The score, and what the words and initial state leave of it (the residual), against `lexray predict`.
        double score = predictedLogits(bag, text).get(1).asDouble();
        assertThat(c.get("target_score").asDouble()).isCloseTo(score, within(1e-5));
        assertThat(c.get("residual").asDouble()).isCloseTo(score - sum - c.get("initial_state").asDouble(),
                within(1e-5));
    }

    /** The logits of {@code lexray predict} for one text: a forward pass of its own, apart from explain. */
    private static JsonNode predictedLogits(String model, String text) throws IOException {
        Result r = lexray("predict", "-m", model, "-t", text);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("logits");
    }

    @Test
    void recurrentModelsAlsoReportTheRecurrentRule() throws IOException {
        Result r = lexray("explain", "-m", bilstm, "-t", "the good movie");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(fieldNames(e.get("rule"))).containsExactly("name", "parameters", "recurrent", "attention");
        assertThat(fieldNames(e.get("rule").get("recurrent"))).containsExactly("bias_factor", "epsilon");
        assertThat(texts(e.get("labels"))).containsExactly("negative", "neutral", "positive");
        JsonNode c = e.get("conservation");
        double sum = 0;
        for (JsonNode t : e.get("tokens")) {
            sum += t.get("relevance").asDouble();
        }
        double score = predictedLogits(bilstm, "the good movie").get(e.get("target").get("index").asInt()).asDouble();
        assertThat(c.get("target_score").asDouble()).isCloseTo(score, within(1e-5));
        assertThat(c.get("residual").asDouble()).isCloseTo(score - sum - c.get("initial_state").asDouble(),
                within(1e-5));
    }

    @Test
    void severalTextsGiveJsonLinesInOrder() throws IOException {
        Result r = lexray("explain", "-m", bag, "-t", "good movie", "-t", "awful film", "--text", "the movie");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(3);
        List<String> texts = new ArrayList<>();
        for (String line : r.outLines()) {
            texts.add(JSON.readTree(line).get("text").asText());
        }
        assertThat(texts).containsExactly("good movie", "awful film", "the movie");
        assertThat(JSON.readTree(r.outLines().get(1)).get("predicted").get("label").asText()).isEqualTo("negative");
    }

    @Test
    void unicodeTextRoundTripsThroughJson() throws IOException {
        String text = "GOOD \uD83D\uDC4D caf\u00E9\u00A0movie \u201Cthe\u201D";
        Result r = lexray("explain", "-m", bag, "-t", text);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(e.get("text").asText()).isEqualTo(text);
        for (JsonNode t : e.get("tokens")) {
            assertThat(text.substring(t.get("start").asInt(), t.get("end").asInt())).isEqualTo(t.get("text").asText());
        }
    }

    // ---- explain: text ----

    @Test
    void textFormatPrintsEveryWordWithItsSignedRelevanceAndNoEscapes() {
        Result r = lexray("explain", "-m", bag, "-t", "the GOOD movie", "--format", "text", "--color", "never");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("\u001b");
        assertThat(r.out()).contains("\"the GOOD movie\"").contains("predicted: positive");
        assertThat(r.out()).containsPattern("the\\([+-]\\d+\\.\\d{3}\\) GOOD\\([+-]\\d+\\.\\d{3}\\) "
                + "movie\\([+-]\\d+\\.\\d{3}\\)");
        assertThat(r.out()).contains("GOOD(+").contains("conservation:");
    }

    @Test
    void colorAlwaysPaintsAndControlCharactersAreEscaped() {
        Result r = lexray("explain", "-m", bag, "-t", "good\u0007 movie", "--format", "text", "--color", "always");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\u001b[");
        assertThat(r.out()).doesNotContain("\u0007").contains("\\u0007");
    }

    // ---- predict ----

    @Test
    void predictPrintsLabelsAndProbabilities() throws IOException {
        Result r = lexray("predict", "-m", bag, "-t", "good movie", "-t", "bad film");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);
        JsonNode p = JSON.readTree(r.outLines().get(0));
        assertThat(fieldNames(p)).containsExactly("text", "model", "labels", "logits", "probabilities", "predicted");
        assertThat(p.get("predicted").get("label").asText()).isEqualTo("positive");
        assertThat(JSON.readTree(r.outLines().get(1)).get("predicted").get("label").asText()).isEqualTo("negative");

        Result text = lexray("predict", "-m", bag, "-t", "good movie", "-f", "text");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("\"good movie\"").contains("predicted: positive (p=");
    }

    // ---- targets ----

    @Test
    void targetByLabelIndexAndContrast() throws IOException {
        JsonNode byLabel = explainOne("--target", "negative");
        assertThat(byLabel.get("target").get("label").asText()).isEqualTo("negative");
        assertThat(byLabel.get("target").get("index").asInt()).isZero();
        assertThat(byLabel.get("predicted").get("label").asText()).isEqualTo("positive");

        JsonNode byIndex = explainOne("--target", "0");
        assertThat(byIndex.get("target").get("label").asText()).isEqualTo("negative");
        assertThat(byIndex.get("tokens")).isEqualTo(byLabel.get("tokens"));

        JsonNode contrast = explainOne("--target", "positive-vs-negative");
        assertThat(fieldNames(contrast.get("target"))).containsExactly("index", "label", "versus");
        assertThat(contrast.get("target").get("label").asText()).isEqualTo("positive");
        assertThat(contrast.get("target").get("versus").get("label").asText()).isEqualTo("negative");
        double[] logits = {contrast.get("logits").get(0).asDouble(), contrast.get("logits").get(1).asDouble()};
        assertThat(contrast.get("conservation").get("target_score").asDouble())
                .isCloseTo(logits[1] - logits[0], within(1e-5));

        JsonNode contrastByIndex = explainOne("--target", "1-vs-0");
        assertThat(contrastByIndex.get("target")).isEqualTo(contrast.get("target"));

        JsonNode predicted = explainOne("--target", "predicted");
        assertThat(predicted.get("target").get("label").asText()).isEqualTo("positive");
    }

    private static JsonNode explainOne(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("explain", "-m", bag, "-t", "a good movie"));
        args.addAll(List.of(extra));
        Result r = lexray(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void rulesAndPrecisionAreReported() throws IOException {
        JsonNode ab = explainOne("--rule", "alpha-beta", "--alpha", "2", "--beta", "1", "--precision", "float64");
        assertThat(ab.get("rule").get("name").asText()).isEqualTo("alpha-beta");
        assertThat(ab.get("rule").get("parameters").get("alpha").asDouble()).isEqualTo(2.0);
        JsonNode gamma = explainOne("--rule", "gamma", "--gamma", "0.5");
        assertThat(gamma.get("rule").get("parameters").get("gamma").asDouble()).isEqualTo(0.5);
        JsonNode eps = explainOne("--epsilon", "0", "--bias-factor", "1");
        assertThat(eps.get("rule").get("parameters").get("epsilon").asDouble()).isZero();
    }

    @Test
    void deepTaylorLayerRuleOrderAndIgnoreBiasAreParsedAndPrintedBackExactly() throws IOException {
        JsonNode dt = explainOne("--rule", "deep-taylor");
        assertThat(dt.get("rule").get("name").asText()).isEqualTo("zplus");
        assertThat(dt.get("rule").get("input_layer").get("name").asText()).isEqualTo("wsquare");
        JsonNode layered = explainOne("--layer-rule", "mlp.*=gamma", "--layer-rule", "*=zplus", "--ignore-bias");
        JsonNode layers = layered.get("rule").get("layers");
        assertThat(layers.get(0).get("pattern").asText()).isEqualTo("mlp.*");
        assertThat(layers.get(0).get("parameters").get("ignore_bias").asBoolean()).isTrue();
        assertThat(layers.get(1).get("pattern").asText()).isEqualTo("*");
        // the printed field is the one registry's input: it parses back to the settings the options made
        RuleSettings parsed = JSON.treeToValue(layered.get("rule"), RuleSettings.class);
        assertThat(parsed.toComposite().layerRules()).extracting(l -> l.rule().name()).containsExactly("gamma",
                "zplus");
        Result bad = lexray("explain", "-m", bag, "-t", "good", "--rule", "alpha-beta", "--alpha", "3");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("alpha - beta = 1").doesNotContain("Exception");
    }

    // ---- --input ----

    @Test
    void inputFileSkipsBlankLinesAndAByteOrderMark() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.txt"), "\uFEFFgood movie\n\n   \r\nawful film\r\nthe movie",
                StandardCharsets.UTF_8);
        Result r = lexray("explain", "-m", bag, "--input", in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(3);
        assertThat(JSON.readTree(r.outLines().get(0)).get("text").asText()).isEqualTo("good movie");
        assertThat(JSON.readTree(r.outLines().get(1)).get("text").asText()).isEqualTo("awful film");
        assertThat(JSON.readTree(r.outLines().get(2)).get("text").asText()).isEqualTo("the movie");

        Path oldMac = Files.writeString(tmp.resolve("cr.txt"), "good movie\rawful film\r");
        Result cr = lexray("predict", "-m", bag, "--input", oldMac.toString());
        assertThat(cr.code()).as(cr.err()).isZero();
        assertThat(cr.outLines()).hasSize(2);
    }

    @Test
    void inputFromStandardInput() throws IOException {
        Result r = withStdin("good movie\nbad film\n".getBytes(StandardCharsets.UTF_8),
                () -> lexray("predict", "-m", bag, "-i", "-"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);
    }

    // ---- user errors ----

    @Test
    void emptyText() {
        assertUserError(lexray("explain", "-m", bag, "--text", ""), "empty");
        assertUserError(lexray("explain", "-m", bag, "--text", " \t "), "empty");
    }

    @Test
    void aTextWithNoWordAfterAnalysis() {
        assertUserError(lexray("explain", "-m", bilstm, "--text", "!!! -- ?"), "no words", "!!! -- ?");
        assertUserError(lexray("predict", "-m", bilstm, "--text", "!!! -- ?"), "no words");
    }

    @Test
    void aBadTextAmongSeveralIsNamedByPosition() {
        assertUserError(lexray("explain", "-m", bilstm, "-t", "good", "-t", "!!!", "-t", "bad"), "text 2",
                "no words");
    }

    @Test
    void unknownLabel() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--target", "neutral"), "unknown label 'neutral'",
                "[negative, positive]");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--target", "positive-vs-meh"),
                "unknown label 'meh'");
    }

    @Test
    void classIndexOutOfRange() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--target", "2"), "class index 2 is out of range",
                "0 to 1");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--target", "positive-vs-positive"),
                "two different classes");
    }

    @Test
    void unknownRule() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--rule", "lrp-magic"), "unknown rule 'lrp-magic'",
                "epsilon");
    }

    @Test
    void badPrecision() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--precision", "float16"),
                "unknown precision 'float16'", "float64");
    }

    @Test
    void badFormatOrColor() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--format", "xml"), "unknown format 'xml'");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "-f", "text", "--color", "sometimes"),
                "unknown --color 'sometimes'");
        assertUserError(lexray("predict", "-m", bag, "-t", "good", "--format", "yaml"), "unknown format 'yaml'");
    }

    @Test
    void missingModelDirectory() {
        String dir = tmp.resolve("no-such-model").toString();
        assertUserError(lexray("explain", "-m", dir, "-t", "good"), "model directory not found", dir);
        assertUserError(lexray("predict", "-m", dir, "-t", "good"), "model directory not found");
        // an empty --model (an unset shell variable) is the working directory, named in full
        Result empty = lexray("predict", "-m", "", "-t", "good");
        assertUserError(empty, "config.json not found in " + Path.of("").toAbsolutePath());
    }

    @Test
    void brokenModelDirectory() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("broken"));
        Files.writeString(dir.resolve("config.json"), "{\"architecture\": ");
        assertUserError(lexray("explain", "-m", dir.toString(), "-t", "good"), "config.json",
                "not a valid model config");
    }

    @Test
    void missingInputFile() {
        String file = tmp.resolve("absent.txt").toString();
        assertUserError(lexray("explain", "-m", bag, "--input", file), "input file not found", file);
        assertUserError(lexray("explain", "-m", bag, "--input", tmp.toString()), "directory, not a file",
                tmp.toString());
    }

    @Test
    void inputFileWithOnlyBlankLines() throws IOException {
        Path in = Files.writeString(tmp.resolve("blank.txt"), "\n  \n\t\n");
        assertUserError(lexray("explain", "-m", bag, "-i", in.toString()), in.toString(), "no text");
    }

    @Test
    void invalidUtf8InInputNamesTheLine() throws IOException {
        byte[] content = concat("good movie\n\nbad film\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, '\n'},
                "the movie\n".getBytes(StandardCharsets.UTF_8));
        Path in = Files.write(tmp.resolve("latin1.txt"), content);
        assertUserError(lexray("explain", "-m", bag, "-i", in.toString()), in.toString(), "line 4",
                "not valid UTF-8");
        // the same far into a larger file (past any read buffer)
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("good movie number ").append(i).append('\n');
        }
        Path big = Files.write(tmp.resolve("big.txt"), concat(many.toString().getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF, '\n'}));
        assertUserError(lexray("predict", "-m", bag, "-i", big.toString()), "line 2001", "not valid UTF-8");
    }

    @Test
    void invalidUtf8OnStandardInput() {
        Result r = withStdin(new byte[] {'g', 'o', 'o', 'd', '\n', (byte) 0xE2, (byte) 0x82, '\n'},
                () -> lexray("explain", "-m", bag, "-i", "-"));
        assertUserError(r, "standard input", "line 2", "not valid UTF-8");
    }

    @Test
    void aBadLineInTheInputFileIsNamedByFileAndLine() throws IOException {
        Path in = Files.writeString(tmp.resolve("lines.txt"), "good movie\n\n!!! ?\nbad film\n");
        assertUserError(lexray("explain", "-m", bilstm, "-i", in.toString()), in + " line 3", "no words");
        assertUserError(lexray("predict", "-m", bilstm, "-i", in.toString()), in + " line 3", "no words");
    }

    @Test
    void alphaBetaMustConserve() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--rule", "alpha-beta", "--alpha", "2"),
                "alpha - beta = 1", "alpha 2.0", "beta 0.0");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--rule", "alpha-beta", "--alpha", "-1",
                "--beta", "-2"), ">= 0");
    }

    @Test
    void negativeOrNonFiniteParameters() {
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--epsilon", "-0.01"), "epsilon", "-0.01");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--rule", "gamma", "--epsilon", "-1"), "epsilon");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--epsilon", "NaN"), "epsilon");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--rule", "gamma", "--gamma", "-0.5"), "gamma");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--bias-factor", "Infinity"), "bias factor");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--batch-size", "0"), "batch size");
        assertUserError(lexray("explain", "-m", bag, "-t", "good", "--token-budget", "0"), "token budget");
        assertUserError(lexray("predict", "-m", bag, "-t", "good", "--token-budget", "-3"), "--token-budget");
    }

    // ---- command-line syntax ----

    @Test
    void noSubcommandGivesAUsageHint() {
        Result r = lexray();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lexray: ").contains("explain, predict").contains("--help");
        assertNoStackTrace(r.err());
    }

    @Test
    void syntaxErrorsGiveAUsageHint() {
        for (String[] args : new String[][] {
            {"explain", "-m", bag},                                  // no text
            {"explain", "-t", "good"},                               // no model
            {"explain", "-m", bag, "-t", "good", "-i", "x.txt"},     // both sources
            {"explain", "-m", bag, "-t", "good", "--epsilon", "abc"},
            {"explain", "-m", bag, "-t", "good", "--frobnicate"},
            {"explian", "-m", bag},
        }) {
            Result r = lexray(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("lexray: ").contains("--help");
            assertNoStackTrace(r.err());
        }
    }

    @Test
    void versionAndHelp() {
        Result v = lexray("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("lexray ");
        Result h = lexray("explain", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--model").contains("--target").contains("--rule");
    }

    /** The launcher's environment (DJL_OFFLINE etc.) is not needed: surefire sets the same system properties. */
    @Test
    void runsInProcessWithTheOfflineSettingsOfTheBuild() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(lexray("predict", "-m", bag, "-t", "good").code()).isZero();
    }

    // ---- helpers ----

    /** Exit 2, nothing on stdout, exactly one line "lexray: error: ..." on stderr holding every fragment. */
    static void assertUserError(Result r, String... fragments) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.out()).as("stdout").isEmpty();
        assertThat(r.err()).as("stderr").startsWith("lexray: error: ").endsWith("\n");
        assertThat(r.err().strip()).as("one line").doesNotContain("\n");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
        assertNoStackTrace(r.err());
    }

    static void assertNoStackTrace(String err) {
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.lexray")
                .doesNotContain("internal error");
    }

    private static synchronized Result withStdin(byte[] content, java.util.function.Supplier<Result> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(content));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
