package dev.lexray.cli;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.LoadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --model DIR} and how to load it ({@code --allow-nonfinite}, {@code --device}); prints load warnings. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Model directory (config.json, model.safetensors, vocab.txt or tokenizer.json).")
    Path model;

    @Option(names = "--allow-nonfinite",
            description = "Load a model whose weights hold NaN or infinite values (with a warning) instead of"
                    + " refusing it; scores that depend on them come out NaN.")
    boolean allowNonfinite;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu",
            description = "Where the model computes: cpu (default), gpu or gpu:N; a GPU needs a CUDA build of "
                    + "libtorch (README, \"GPU\").")
    String device;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    LexrayModel load() {
        long start = System.nanoTime();
        LexrayModel m = Lexray.load(model, LoadOptions.defaults().withAllowNonfinite(allowNonfinite).withDevice(device));
        PrintWriter notes = LexrayCommand.notes(command);
        m.warnings().forEach(w -> notes.println("lexray: warning: " + w));
        if (LexrayCommand.verbosity(command) == LexrayCommand.Verbosity.VERBOSE) {
            notes.printf(Locale.ROOT, "lexray: loaded %s (%s, %d classes %s) in %.2f s%n", model, m.architecture(),
                    m.labels().size(), m.labels(), (System.nanoTime() - start) / 1e9);
        }
        notes.flush();
        return m;
    }
}
