package dev.lexray.cli;

import dev.lexray.eval.LabelledData;
import dev.lexray.eval.ModelEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray evaluate-model}: accuracy, macro-F1, per-class precision/recall and confusion matrix. */
@Command(name = "evaluate-model", mixinStandardHelpOptions = true,
        description = "Prints a model's classification metrics on a labelled corpus split (Markdown).")
final class EvaluateModelCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR") Path model;
    @Option(names = "--corpus", required = true, paramLabel = "NAME|PATH") String corpus;
    @Option(names = "--split", defaultValue = "test", paramLabel = "S", description = "(default: ${DEFAULT-VALUE})")
    String split;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LabelledData data = LabelledData.read(corpus, split);
        ModelEvaluation.Outcome o = ModelEvaluation.run(model, data.examples());
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + model.getFileName() + " on " + corpus + ":" + split + "\n");
        out.print(o.metrics().toMarkdown());
        if (o.skipped() > 0) {
            out.println("\n" + o.skipped() + " texts could not be scored (no token, or too long) and were left out.");
        }
        out.flush();
        return 0;
    }
}
