package dev.lexray.cli;

import static dev.lexray.cli.CliTest.assertUserError;
import static dev.lexray.cli.CliTest.lexray;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --synthetic SHAPE --write-model DIR}: a model, texts of exact token lengths and issue 14's stream. */
class BenchWriteModelTest {
    @TempDir
    Path tmp;

    @Test
    void writesALoadableModelWithTextsOf128And512TokensAndRefusesAnExistingDirectory() throws IOException {
        Path dir = tmp.resolve("bert");
        CliTest.Result r = lexray("bench", "--synthetic", "tiny", "--write-model", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote a random tiny model to");
        List<String> texts = Files.readAllLines(dir.resolve("bench-texts-128.txt"));
        assertThat(texts).hasSize(32);
        assertThat(Files.readAllLines(dir.resolve("bench-texts-512.txt"))).hasSize(32);
        List<String> stream = Files.readAllLines(dir.resolve("bench-texts-stream.txt"));
        assertThat(stream).hasSize(2001);
        assertThat(stream.get(1000).length()).isBetween(199_000, 200_000);
        assertThat(stream.stream().filter(t -> t.length() > 1000)).hasSize(1);
        try (LexrayModel model = Lexray.load(dir)) {
            for (String text : texts.subList(0, 3)) {
                assertThat(model.tokenCount(text)).isEqualTo(128);
            }
            Explanation e = model.explain(texts.get(0));
            assertThat(e.tokens()).hasSize(126); // the two special tokens are reported apart
        }
        assertUserError(lexray("bench", "--synthetic", "tiny", "--write-model", dir.toString()), "exists");
        assertUserError(lexray("bench", "--synthetic", "tiny,tiny-roberta", "--write-model", tmp.resolve("x")
                .toString()), "exactly one --synthetic");
    }
}
