package dev.lexray.eval;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Classification metrics of a model directory on labelled texts. */
public final class ModelEvaluation {
    private ModelEvaluation() {}

    /** The metrics and how many texts the model could not score (no token, too long) and left out. */
    public record Outcome(ClassificationMetrics metrics, int skipped) {}

    public static ClassificationMetrics evaluate(Path model, List<LabelledText> examples) {
        return run(model, examples).metrics();
    }

    public static Outcome run(Path model, List<LabelledText> examples) {
        try (LexrayModel m = Lexray.load(model)) {
            List<String> labels = m.labels();
            List<Integer> truth = new ArrayList<>();
            List<Integer> pred = new ArrayList<>();
            int skipped = Predictions.predict(m, examples, LabelledText::text, (example, p) -> {
                int t = labels.indexOf(example.label());
                if (t < 0) {
                    throw new LexrayException("label '" + example.label() + "' is not one of the model's labels "
                            + labels);
                }
                truth.add(t);
                pred.add(p.predicted().index());
            }, done -> {});
            return new Outcome(ClassificationMetrics.of(labels, truth.stream().mapToInt(Integer::intValue).toArray(),
                    pred.stream().mapToInt(Integer::intValue).toArray()), skipped);
        }
    }
}
