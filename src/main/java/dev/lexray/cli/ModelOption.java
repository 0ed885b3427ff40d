package dev.lexray.cli;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Model directory (config.json, model.safetensors, vocab.txt).")
    Path model;

    LexrayModel load() {
        return Lexray.load(model);
    }
}
