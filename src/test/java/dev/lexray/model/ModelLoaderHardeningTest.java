package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config values the fuzzer found that escaped as other exceptions (regressions). */
class ModelLoaderHardeningTest {
    @TempDir
    Path tmp;

    @Test
    void aTokenizerNameThatIsNoFileNameIsAUserError() {
        TinyModels.Spec s = TinyModels.bagMlpSpec();
        s.config.put("tokenizer", "nul\u0000byte");
        Path dir = s.write(tmp.resolve("m"));
        // was java.nio.file.InvalidPathException (an internal error, exit 1)
        assertThatThrownBy(() -> ModelLoader.load(dir).close()).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("config.json").hasMessageContaining("\"tokenizer\" is not a file name");
    }
}
