package dev.lexray.eval;

import dev.lexray.Lexray;
import dev.lexray.LexrayException;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.TextException;
import dev.lexray.corpus.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Classification metrics of a model directory on labelled texts. */
public final class ModelEvaluation {
    private ModelEvaluation() {}

    /** The metrics and how many texts the model could not score (no known word) and left out. */
    public record Outcome(ClassificationMetrics metrics, int skipped) {}

    public static ClassificationMetrics evaluate(Path model, List<LabelledText> examples) {
        return run(model, examples).metrics();
    }

    public static Outcome run(Path model, List<LabelledText> examples) {
        try (LexrayModel m = Lexray.load(model)) {
            List<String> labels = m.labels();
            List<Integer> truth = new ArrayList<>();
            List<Integer> pred = new ArrayList<>();
            int skipped = 0;
            for (int from = 0; from < examples.size(); from += 256) {
                List<LabelledText> part = new ArrayList<>(examples.subList(from,
                        Math.min(examples.size(), from + 256)));
                while (!part.isEmpty()) {
                    try {
                        List<Prediction> ps = m.predict(part.stream().map(LabelledText::text).toList());
                        for (int i = 0; i < ps.size(); i++) {
                            int t = labels.indexOf(part.get(i).label());
                            if (t < 0) {
                                throw new LexrayException("label '" + part.get(i).label() + "' is not one of the "
                                        + "model's labels " + labels);
                            }
                            truth.add(t);
                            pred.add(ps.get(i).predicted().index());
                        }
                        break;
                    } catch (TextException e) {
                        part.remove(e.index());
                        skipped++;
                    } catch (LexrayException e) {
                        if (part.size() == 1 && !(e.getMessage().startsWith("label"))) {
                            skipped++;
                            break; // the only text cannot be scored
                        }
                        throw e;
                    }
                }
            }
            return new Outcome(ClassificationMetrics.of(labels, truth.stream().mapToInt(Integer::intValue).toArray(),
                    pred.stream().mapToInt(Integer::intValue).toArray()), skipped);
        }
    }
}
