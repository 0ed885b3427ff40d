package dev.lexray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.model.Tensor;
import dev.lexray.testing.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ReadmeApiExample} (the README's API snippet) in a new JVM, in a working directory that holds a tiny
 * BiLSTM as {@code models/sentiment-bilstm-sst2} and a {@code reviews.txt}, and checks what it prints against the
 * same calls made here: the snippet compiles, runs, and means what the README says.
 */
class ReadmeApiExampleTest {
    static final List<String> REVIEWS = List.of("a charming little film", "", "dull and far too long",
            "not bad at all");

    @TempDir
    Path work;

    /** The README's Java block is this snippet, line for line (the snippet is indented by 8 spaces here). */
    @Test
    void theReadmePrintsThisSnippet() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/lexray/examples/ReadmeApiExample.java"));
        String snippet = source.substring(source.indexOf("// README:begin") + "// README:begin\n".length(),
                source.indexOf("        // README:end"));
        String dedented = snippet.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        String readme = Files.readString(Path.of("README.md"));
        org.assertj.core.api.Assertions.assertThat(readme).contains("```java\n" + dedented + "\n```");
    }

    @Test
    void theReadmeSnippetRunsAsWritten() throws Exception {
        Path model = readmeModel(work.resolve("models/sentiment-bilstm-sst2"));
        Files.write(work.resolve("reviews.txt"), REVIEWS, StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath()));
        for (String key : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.add(ReadmeApiExample.class.getName());
        Process p = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(work.resolve("stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(work.resolve("stderr.txt"));
        assertThat(p.exitValue()).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(err).doesNotContain("Exception");

        List<String> lines = out.lines().toList();
        try (LexrayModel m = Lexray.load(model)) {
            Explanation e = m.explain("not bad at all, a charming little film");
            List<String> expected = new ArrayList<>();
            expected.add(e.predicted().label());
            e.tokens().forEach(t -> expected.add(String.format("%s %+.3f", t.text(), t.relevance())));
            expected.add(LexrayJson.toLine(e));
            List<Explanation> many = m.explain(List.of("great", "dull and far too long"), ExplainOptions.defaults()
                    .withTarget(Target.parse("negative")).withEpsilon(0.01, 1.0).withPrecision(Precision.FLOAT64));
            expected.add("negative " + many.get(1).conservation().sum());
            m.predict(List.of("great", "dull and far too long"))
                    .forEach(x -> expected.add(x.predicted().label() + " " + x.text()));
            m.explain(REVIEWS.stream().filter(r -> !r.isBlank()).toList()).forEach(x -> expected.add(
                    LexrayJson.toLine(x)));
            assertThat(e.tokens()).extracting(t -> t.text()).containsExactly("not", "bad", "at", "all", "a",
                    "charming", "little", "film");
            assertThat(lines).containsExactlyElementsOf(expected);
        }
    }

    /** The surefire test class path (the JVM's own is a manifest-only jar there), else this JVM's. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** A tiny BiLSTM (3 labels: negative, neutral, positive) whose vocabulary knows the README's words. */
    static Path readmeModel(Path dir) {
        TinyModels.Spec s = TinyModels.bilstmSpec();
        for (String w : "at all charming little dull and far too long".split(" ")) {
            if (!s.vocab.contains(w)) {
                s.vocab.add(w);
            }
        }
        int d = (int) s.tensors.get("embedding.weight").dim(1);
        float[] embedding = new float[s.vocab.size() * d];
        Random random = new Random(3);
        for (int i = 2 * d; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian() * 0.5f;
        }
        s.tensors.put("embedding.weight", new Tensor("embedding.weight", new long[] {s.vocab.size(), d}, embedding));
        s.config.put("vocab_size", s.vocab.size());
        return s.write(dir);
    }
}
