package dev.lexray.cli;

import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lexray predict}: labels and probabilities only (the forward pass). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predicts labels and probabilities (no explanation), as JSON Lines or text.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Inputs inputs;

    @Mixin
    OutputOptions output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> texts = inputs.read();
        try (LexrayModel m = model.load()) {
            List<Prediction> predictions = inputs.withLineNumbers(() -> m.predict(texts));
            output.printPredictions(predictions, spec.commandLine().getOut());
        }
        return 0;
    }
}
