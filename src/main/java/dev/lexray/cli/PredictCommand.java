package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayModel;
import dev.lexray.runtime.LexrayException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray predict}: labels and probabilities only (the forward pass). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predicts labels and probabilities (no explanation), as JSON Lines or text.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Inputs inputs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ExplainOptions.DEFAULT_BATCH_SIZE,
            description = "Texts per padded batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--token-budget", paramLabel = "N", defaultValue = "" + ExplainOptions.DEFAULT_TOKEN_BUDGET,
            description = "Most token equivalents per padded batch: texts x padded length, plus attention scores "
                    + "on transformers; a longer text goes alone (default: ${DEFAULT-VALUE}).")
    int tokenBudget;

    @Mixin
    ComputeOptions compute;

    @Mixin
    OutputOptions output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        inputs.check();
        if (batchSize < 1) {
            throw new LexrayException("--batch-size must be at least 1, got " + batchSize);
        }
        if (tokenBudget < 1) {
            throw new LexrayException("--token-budget must be at least 1, got " + tokenBudget);
        }
        ExplainOptions options = compute.apply(ExplainOptions.defaults().withBatchSize(batchSize)
                .withTokenBudget(tokenBudget));
        output.check();
        try (LexrayModel m = model.load()) {
            var out = spec.commandLine().getOut();
            inputs.process(m::tokenCount, texts -> m.predict(texts, options), texts -> m.predictEach(texts, options),
                    items -> output.print(items, out), LexrayCommand.notes(spec));
        }
        return 0;
    }
}
