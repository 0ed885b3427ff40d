package dev.lexray.cli;

import static dev.lexray.cli.CliTest.lexray;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.testing.TinyModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --on-error fail|skip|record} on explain and predict, texts of unknown words with their warning, and the
 * warning {@code --lenient} promises.
 */
class OnErrorCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;

    @TempDir
    Path tmp;

    static String bag;
    static String bilstm;

    @BeforeAll
    static void buildModels() {
        bag = TinyModels.bagMlp(models.resolve("tiny-bag")).toString();
        bilstm = TinyModels.bilstm(models.resolve("tiny-bilstm")).toString(); // standard analyzer: "!!!" has no word
    }

    /** Line 1 fine, 2 blank, 3 no word, 4 not UTF-8 (byte 4), 5 fine. */
    private Path mixedFile() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("good film\n\n!!! ?\ncaf".getBytes(StandardCharsets.UTF_8));
        b.write(0xE9);
        b.writeBytes("\nnot a bad movie\n".getBytes(StandardCharsets.UTF_8));
        return Files.write(tmp.resolve("mixed.txt"), b.toByteArray());
    }

    private static List<JsonNode> json(CliTest.Result r) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.outLines()) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void recordWritesAnErrorRecordInPlaceOfEachBadLineAndExitsZero() throws IOException {
        Path in = mixedFile();
        for (String command : List.of("explain", "predict")) {
            CliTest.Result r = lexray(command, "-m", bilstm, "-i", in.toString(), "--on-error", "record",
                    "--chunk-size", "2");
            assertThat(r.code()).as(r.err()).isZero();
            List<JsonNode> lines = json(r);
            assertThat(lines).hasSize(4);
            JsonNode noWord = lines.get(1);
            assertThat(List.of(noWord.fieldNames().next())).containsExactly("line");
            assertThat(noWord.size()).isEqualTo(3);
            assertThat(noWord.get("line").asInt()).isEqualTo(3);
            assertThat(noWord.get("text").asText()).isEqualTo("!!! ?");
            assertThat(noWord.get("error").asText()).contains("no words");
            JsonNode utf = lines.get(2);
            assertThat(utf.get("line").asInt()).isEqualTo(4);
            assertThat(utf.get("text").asText()).isEqualTo("caf\uFFFD");
            assertThat(utf.get("error").asText()).isEqualTo("not valid UTF-8 (byte 0xE9 at byte 4 of the line)");
            assertThat(lines.get(0).get("text").asText()).isEqualTo("good film");
            assertThat(r.outLines().get(3)).isEqualTo(lexray(command, "-m", bilstm, "-t", "not a bad movie")
                    .outLines().get(0));
            assertThat(r.err()).contains("lexray: warning: wrote error records for 2 of 4 texts")
                    .contains("line 3: ");
        }
    }

    @Test
    void skipLeavesBadLinesOutAndCountsThemOnStandardError() throws IOException {
        CliTest.Result r = lexray("predict", "-m", bilstm, "-i", mixedFile().toString(), "--on-error", "skip");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);
        assertThat(json(r)).extracting(n -> n.get("text").asText()).containsExactly("good film", "not a bad movie");
        assertThat(r.err()).startsWith("lexray: warning: skipped 2 of 4 texts").doesNotContain("Exception");

        Path allBad = Files.writeString(tmp.resolve("bad.txt"), "!!!\n-- ?\n");
        CliTest.Result none = lexray("explain", "-m", bilstm, "-i", allBad.toString(), "--on-error", "skip");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("lexray: error: ").contains("none of the 2 texts");
    }

    @Test
    void failIsTheDefaultAndWritesNothing() throws IOException {
        Path in = mixedFile();
        for (String[] extra : List.of(new String[0], new String[] {"--on-error", "fail"})) {
            List<String> args = new ArrayList<>(List.of("explain", "-m", bilstm, "-i", in.toString()));
            args.addAll(List.of(extra));
            CliTest.Result r = lexray(args.toArray(String[]::new));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("lexray: error: " + in + " line 3: ");
        }
        CliTest.Result bad = lexray("explain", "-m", bilstm, "-t", "good", "--on-error", "ignore");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown --on-error 'ignore': use fail, skip or record");
    }

    @Test
    void recordWorksForTextsAndStandardInput() throws IOException {
        CliTest.Result texts = lexray("explain", "-m", bilstm, "-t", "good", "-t", " ", "-t", "bad",
                "--on-error", "record");
        assertThat(texts.code()).as(texts.err()).isZero();
        assertThat(json(texts).get(1).get("line").asInt()).isEqualTo(2);
        assertThat(json(texts).get(1).get("error").asText()).contains("empty");

        byte[] stdin = Files.readAllBytes(mixedFile());
        CliTest.Result piped = withStdin(stdin, () -> lexray("predict", "-m", bilstm, "-i", "-", "--on-error",
                "record", "--chunk-size", "1"));
        assertThat(piped.code()).as(piped.err()).isZero();
        assertThat(json(piped)).extracting(n -> n.has("error")).containsExactly(false, true, true, false);

        CliTest.Result text = lexray("predict", "-m", bilstm, "-t", "!!!", "-t", "good", "--on-error", "record",
                "--format", "text");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("error (line 1): ").contains("predicted: ");
    }

    @Test
    void unknownWordsArePredictedAndExplainedWithAWarning() throws IOException {
        CliTest.Result e = lexray("explain", "-m", bag, "-t", "zebra quantum");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode n = JSON.readTree(e.outLines().get(0));
        assertThat(n.get("warnings").get(0).asText()).isEqualTo("all words unknown to the model");
        assertThat(n.get("tokens")).hasSize(2);
        CliTest.Result p = lexray("predict", "-m", bag, "-t", "zebra quantum", "-t", "good");
        assertThat(p.code()).isZero();
        assertThat(json(p).get(0).get("warnings").get(0).asText()).isEqualTo("all words unknown to the model");
        assertThat(json(p).get(1).has("warnings")).isFalse();
        assertThat(lexray("explain", "-m", bag, "-t", "zzqxj", "--format", "text").out())
                .contains("warning: all words unknown to the model");
    }

    @Test
    void lenientPrintsTheWarningItPromises() throws IOException {
        Path in = Files.write(tmp.resolve("latin1.txt"), "good film\n\ncaf\u00e9 ok\nbad\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        for (String command : List.of("explain", "predict")) {
            CliTest.Result r = lexray(command, "-m", bilstm, "-i", in.toString(), "--lenient");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEqualTo("lexray: warning: " + in
                    + ": replaced invalid UTF-8 with U+FFFD in 2 lines (the first: line 3)\n");
            assertThat(r.outLines()).hasSize(3);
            CliTest.Result skipped = lexray(command, "-m", bilstm, "-i", mixedFile().toString(), "--lenient",
                    "--on-error", "skip");
            assertThat(skipped.code()).as(skipped.err()).isZero();
            assertThat(skipped.outLines()).hasSize(3); // the repaired line is a text; only "!!! ?" is skipped
            CliTest.Result quiet = lexray("-q", command, "-m", bag, "-i", mixedFile().toString(), "--lenient");
            assertThat(quiet.code()).as(quiet.err()).isZero();
            assertThat(quiet.err()).isEmpty();
        }
    }

    private static synchronized CliTest.Result withStdin(byte[] content, Supplier<CliTest.Result> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(content));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }
}
