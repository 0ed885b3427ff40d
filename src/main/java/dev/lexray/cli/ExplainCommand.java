package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayModel;
import dev.lexray.Target;
import dev.lexray.runtime.LexrayException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray explain}: relevance of every word, as JSON Lines or terminal text. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains texts with LRP: one JSON object per text (JSON Lines), or readable text.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Inputs inputs;

    @Option(names = "--target", paramLabel = "T", defaultValue = "predicted",
            description = "Class to explain: predicted, a label, an index, or A-vs-B (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--layers",
            description = "Add per layer, from the output down to the embedding, the relevance that entered it and "
                    + "what it absorbed; per attention head and token position for transformers (JSON).")
    boolean layers;

    @Option(names = "--top-neurons", paramLabel = "K", defaultValue = "0",
            description = "With the layers, the K hidden units of each dense or recurrent layer with the largest "
                    + "|relevance| (index, relevance, activation, word); implies --layers.")
    int topNeurons;

    @Mixin
    RuleOptions rules;

    @Mixin
    ComputeOptions compute;

    @Mixin
    OutputOptions output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        inputs.check();
        if (topNeurons < 0) {
            throw new LexrayException("--top-neurons must be 0 or more, got " + topNeurons);
        }
        ExplainOptions base = compute.apply(rules.toOptions());
        if (topNeurons > 0) {
            base = base.withTopNeurons(topNeurons);
        } else if (layers) {
            base = base.withLayers(true);
        }
        output.check();
        try (LexrayModel m = model.load()) {
            ExplainOptions options = base.withTarget(Target.parse(target, m.labels()));
            var out = spec.commandLine().getOut();
            inputs.process(m::tokenCount, texts -> m.explain(texts, options), texts -> m.explainEach(texts, options),
                    items -> output.print(items, out), LexrayCommand.notes(spec));
        }
        return 0;
    }
}
