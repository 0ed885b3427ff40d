package dev.lexray.cli;

import static dev.lexray.cli.CliTest.assertUserError;
import static dev.lexray.cli.CliTest.lexray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --quiet}, {@code --verbose}, {@code --allow-nonfinite} and {@code --device} on the command line. */
class CliOptionsHardeningTest {
    @TempDir
    static Path models;
    static String bag;
    /** The tiny bag model with a NaN in the embedding row of "awful": loads only with --allow-nonfinite. */
    static String nanBag;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildModels() {
        bag = TinyModels.bagMlp(models.resolve("tiny-bag")).toString();
        TinyModels.Spec s = TinyModels.bagMlpSpec();
        float[] e = s.tensors.get("embedding.weight").values();
        e[TinyModels.VOCAB.indexOf("awful") * 4 + 2] = Float.NaN;
        nanBag = s.set("embedding.weight", e).write(models.resolve("nan-bag")).toString();
    }

    @Test
    void quietBeforeOrAfterTheCommandNameLeavesStderrEmpty() {
        for (String[] args : new String[][] {{"--quiet", "explain", "-m", nanBag, "--allow-nonfinite", "-t", "good"},
            {"explain", "-q", "-m", nanBag, "--allow-nonfinite", "-t", "good"}}) {
            CliTest.Result r = lexray(args);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.outLines()).hasSize(1);
        }
    }

    @Test
    void deviceCpuIsTheDefaultAndAGpuLibtorchCannotSeeIsAUserError() {
        CliTest.Result cpu = lexray("explain", "-m", bag, "--device", "cpu", "-t", "good movie");
        assertThat(cpu.code()).as(cpu.err()).isZero();
        assertThat(cpu.out()).isEqualTo(lexray("explain", "-m", bag, "-t", "good movie").out());
        assertUserError(lexray("explain", "-m", bag, "--device", "tpu", "-t", "good"), "unknown device 'tpu'");
        assumeTrue(TorchRuntime.engine().getGpuCount() == 0, "a machine without a CUDA libtorch");
        assertUserError(lexray("predict", "-m", bag, "--device", "gpu", "-t", "good"), "no CUDA GPU",
                "PYTORCH_LIBRARY_PATH");
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTheOptionToLoadThemAnyway() {
        assertUserError(lexray("explain", "-m", nanBag, "-t", "good"), "embedding.weight", "NaN",
                "--allow-nonfinite");
        assertUserError(lexray("predict", "-m", nanBag, "-t", "good"), "--allow-nonfinite");
    }

    @Test
    void allowNonfiniteWarnsOnceOnStderrAndExplainsTextsThatDoNotTouchTheBadValues() throws IOException {
        CliTest.Result r = lexray("explain", "-m", nanBag, "--allow-nonfinite", "-t", "good movie");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("lexray: warning: ").contains("embedding.weight").contains("1 NaN or infinite value")
                .contains("flat index " + (TinyModels.VOCAB.indexOf("awful") * 4 + 2));
        CliTest.Result sound = lexray("explain", "-m", bag, "-t", "good movie");
        JsonNode a = LexrayJson.mapper().readTree(r.out());
        JsonNode b = LexrayJson.mapper().readTree(sound.out());
        assertThat(a.get("logits")).isEqualTo(b.get("logits"));
        assertThat(a.get("tokens")).isEqualTo(b.get("tokens"));
    }

    @Test
    void aTextThatReadsANonFiniteWeightGivesNaNAsAJsonString() throws IOException {
        CliTest.Result r = lexray("explain", "-m", nanBag, "--allow-nonfinite", "-t", "awful movie");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = LexrayJson.mapper().readTree(r.out()); // still valid JSON
        assertThat(n.get("logits").get(0).asText()).isEqualTo("NaN");
        assertThat(n.get("tokens").get(0).get("relevance").asText()).isEqualTo("NaN");
    }

    @Test
    void verboseSaysWhatWasLoadedAndHowLongItTook() {
        CliTest.Result r = lexray("--verbose", "predict", "-m", bag, "-t", "good");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lexray: loaded " + bag + " (embedding-bag-mlp, 2 classes [negative, positive])")
                .containsPattern("lexray: done in \\d+\\.\\d\\d s");
        CliTest.Result after = lexray("predict", "-v", "-m", bag, "-t", "good");
        assertThat(after.err()).contains("lexray: loaded ");
        assertThat(lexray("predict", "-m", bag, "-t", "good").err()).isEmpty();
    }

    @Test
    void verboseUserErrorsStillHaveTheOneLineMessage() {
        CliTest.Result r = lexray("-v", "explain", "-m", bag, "-t", " \t ");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).anyMatch(l -> l.startsWith("lexray: error: ") && l.contains("empty"));
        assertThat(r.err()).doesNotContain("done in");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void quietAndVerboseTogetherAreAUsageError() {
        CliTest.Result r = lexray("-q", "explain", "-v", "-m", bag, "-t", "good");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--quiet and --verbose exclude each other");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void quietSilencesTheReportProgress() throws IOException {
        Path html = tmp.resolve("r.html");
        CliTest.Result loud = lexray("report", "-m", bag, "-t", "good movie", "-t", "bad film", "-o",
                html.toString());
        assertThat(loud.code()).as(loud.err()).isZero();
        assertThat(loud.err()).contains("explained 2 texts");
        CliTest.Result quiet = lexray("report", "--quiet", "-m", bag, "-t", "good movie", "-t", "bad film", "-o",
                html.toString());
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).startsWith("wrote ");
        assertThat(Files.size(html)).isPositive();
    }

    @Test
    void reportInputWithOnlyALabelOnALineOrInvalidUtf8() throws IOException {
        Path tsv = Files.writeString(tmp.resolve("in.tsv"), "text\tlabel\ngood movie\tpositive\nnegative\n");
        assertUserError(lexray("report", "-m", bag, "-i", tsv.toString(), "-o", tmp.resolve("a.html").toString()),
                "in.tsv line 3: 1 column but the header has 2");
        Path bad = Files.write(tmp.resolve("bad.txt"), new byte[] {'g', 'o', 'o', 'd', '\n', 'b', 'a', 'd', ' ',
            (byte) 0xE9, '\n'});
        assertUserError(lexray("report", "-m", bag, "-i", bad.toString(), "-o", tmp.resolve("b.html").toString()),
                "bad.txt: line 2 is not valid UTF-8", "--lenient");
        CliTest.Result r = lexray("report", "--lenient", "--no-progress", "-m", bag, "-i", bad.toString(), "-o",
                tmp.resolve("c.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("lexray: warning: bad.txt: replaced invalid UTF-8 with U+FFFD in 1 line (the"
                + " first: line 2)\n");
        assertThat(Files.readString(tmp.resolve("c.html"))).contains("bad \uFFFD");
    }

    @Test
    void helpListsTheNewOptions() {
        assertThat(lexray("--help").out()).contains("--quiet").contains("--verbose");
        assertThat(lexray("explain", "--help").out()).contains("--allow-nonfinite").contains("--quiet");
    }
}
