package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.testing.RandomModels;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --input} in chunks: the output equals unchunked output line for line, a bad line of standard input stops
 * the run with the earlier chunks written (and says so), a bad line of a file stops it with nothing written, and a
 * long stream runs in flat resident memory (a child JVM, its resident size read from {@code /proc} at fixed points
 * of its output, compared with a tolerance; no timing).
 */
class StreamingTest {
    @TempDir
    static Path models;
    static String bilstm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildModels() {
        Path dir = RandomModels.write(models.resolve("bilstm"), new RandomModels.Spec("bilstm", 1, 16, 16, null, null,
                "max", 3, true, 0.5, 77));
        // The standard analyzer (same words as the whitespace one for these texts) keeps no word of "!!! ?": a
        // line the model cannot take.
        try {
            Path config = dir.resolve("config.json");
            Files.writeString(config, Files.readString(config).replace("\"whitespace\"", "\"standard\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bilstm = dir.toString();
    }

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Result lexray(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        synchronized (StreamingTest.class) {
            InputStream saved = System.in;
            System.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            try {
                int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
                return new Result(code, out.toString(), err.toString());
            } finally {
                System.setIn(saved);
            }
        }
    }

    /** {@code n} texts of 1 to 30 known words, seeded. */
    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int words = 1 + r.nextInt(30);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(RandomModels.WORDS.get(2 + r.nextInt(RandomModels.WORDS.size() - 2)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void chunkedOutputEqualsUnchunkedOutput() throws IOException {
        List<String> texts = texts(70, 1);
        Path in = Files.write(tmp.resolve("in.txt"), texts);
        Result whole = lexray(null, "explain", "-m", bilstm, "-i", in.toString(), "--workers", "1");
        assertThat(whole.code()).as(whole.err()).isZero();
        assertThat(whole.lines()).hasSize(70);
        Result chunked = lexray(null, "explain", "-m", bilstm, "-i", in.toString(), "--chunk-size", "8",
                "--workers", "2", "--batch-size", "3");
        assertThat(chunked.code()).as(chunked.err()).isZero();
        assertSameExplanations(chunked.lines(), whole.lines());
        Result piped = lexray(String.join("\n", texts).getBytes(StandardCharsets.UTF_8), "explain", "-m", bilstm,
                "-i", "-", "--chunk-size", "16", "--threads", "1");
        assertThat(piped.code()).as(piped.err()).isZero();
        assertSameExplanations(piped.lines(), whole.lines());
        Result predicted = lexray(null, "predict", "-m", bilstm, "-i", in.toString(), "--chunk-size", "5");
        assertThat(predicted.code()).as(predicted.err()).isZero();
        assertThat(predicted.lines()).hasSize(70);
        // A small token budget (the longest texts alone) changes the batches, not the results.
        Result budgeted = lexray(null, "explain", "-m", bilstm, "-i", in.toString(), "--token-budget", "20",
                "--workers", "2");
        assertThat(budgeted.code()).as(budgeted.err()).isZero();
        assertSameExplanations(budgeted.lines(), whole.lines());
        Result budgetedPredictions = lexray(null, "predict", "-m", bilstm, "-i", in.toString(), "--token-budget",
                "20");
        assertThat(budgetedPredictions.code()).as(budgetedPredictions.err()).isZero();
        assertThat(budgetedPredictions.lines()).hasSize(70);
    }

    @Test
    void aBadLineOnStandardInputStopsAfterTheEarlierChunks() {
        List<String> texts = new ArrayList<>(texts(45, 2));
        texts.set(24, "!!! ?"); // line 25: no word, in the third chunk of 10
        Result r = lexray(String.join("\n", texts).getBytes(StandardCharsets.UTF_8), "explain", "-m", bilstm,
                "-i", "-", "--chunk-size", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.lines()).as("the first two chunks").hasSize(20);
        assertThat(r.err()).startsWith("lexray: error: standard input line 25: ")
                .contains("the results of the 20 texts before its chunk were written");
        assertThat(r.err().strip()).doesNotContain("\n");

        byte[] bytes = (String.join("\n", texts(12, 3)) + "\n\u00ff\n").getBytes(StandardCharsets.ISO_8859_1);
        Result utf = lexray(bytes, "predict", "-m", bilstm, "-i", "-", "--chunk-size", "5");
        assertThat(utf.code()).isEqualTo(2);
        assertThat(utf.lines()).hasSize(10);
        assertThat(utf.err()).contains("standard input: line 13 is not valid UTF-8")
                .contains("the results of the 10 texts before its chunk were written");
    }

    @Test
    void aBadLineInAFileStopsWithNothingWritten() throws IOException {
        List<String> texts = new ArrayList<>(texts(45, 4));
        texts.set(40, "!!! ?");
        Path in = Files.write(tmp.resolve("bad.txt"), texts);
        Result r = lexray(null, "explain", "-m", bilstm, "-i", in.toString(), "--chunk-size", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lexray: error: " + in + " line 41: ").doesNotContain("were written");
    }

    /**
     * 12,000 texts through {@code lexray explain --input FILE} in a child JVM with a fixed, pre-touched heap: its
     * resident size, read when the 3,000th line of output arrives (after warm-up) and at every 1,000 lines after,
     * stays within 40 MiB of that first reading. A leak of the batches' tensors would add hundreds of MiB.
     */
    @Test
    void residentMemoryStaysFlatOverManyBatches() throws Exception {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status), "needs Linux /proc");
        int n = 12_000;
        Path in = Files.write(tmp.resolve("many.txt"), texts(n, 5));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                "-Dai.djl.offline=true", "-Dlexray.threads=1", "-cp", System.getProperty("java.class.path"),
                LexrayCommand.class.getName(), "explain", "-m", bilstm, "-i", in.toString(), "--chunk-size", "256",
                "--batch-size", "32", "--workers", "2");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("child.err").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        Path childStatus = Path.of("/proc/" + p.pid() + "/status");
        List<Long> rss = new ArrayList<>();
        int lines = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines++;
                if (lines >= 3000 && lines % 1000 == 0) {
                    rss.add(vmRssKiB(childStatus));
                }
            }
        }
        int code = p.waitFor();
        assertThat(code).as(Files.readString(tmp.resolve("child.err"))).isZero();
        assertThat(lines).isEqualTo(n);
        long first = rss.get(0);
        long max = rss.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(max - first).as("resident size (KiB) at every 1000 lines from the 3000th: %s", rss)
                .isLessThan(40 * 1024);
    }

    /**
     * The same texts, tokens and targets in the same order, numbers equal to 1e-5: batches of other compositions pad
     * differently, which changes the last bits of float32 sums.
     */
    private static void assertSameExplanations(List<String> actual, List<String> expected) throws IOException {
        assertThat(actual).hasSameSizeAs(expected);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < expected.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode a = json.readTree(actual.get(i));
            com.fasterxml.jackson.databind.JsonNode e = json.readTree(expected.get(i));
            assertThat(a.get("text")).isEqualTo(e.get("text"));
            assertThat(a.get("target")).isEqualTo(e.get("target"));
            assertThat(a.get("tokens")).hasSameSizeAs(e.get("tokens"));
            for (int t = 0; t < e.get("tokens").size(); t++) {
                assertThat(a.get("tokens").get(t).get("text")).isEqualTo(e.get("tokens").get(t).get("text"));
                assertThat(a.get("tokens").get(t).get("relevance").asDouble()).as("line %d token %d", i, t)
                        .isCloseTo(e.get("tokens").get(t).get("relevance").asDouble(),
                                org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    private static long vmRssKiB(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }
}
