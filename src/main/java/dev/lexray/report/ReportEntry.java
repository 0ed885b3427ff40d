package dev.lexray.report;

import dev.lexray.ClassRef;
import dev.lexray.Explanation;
import java.util.List;

/**
 * One text of a report: its explanation for every class of the model, and the class shown first.
 *
 * @param byClass {@code byClass.get(k)} explains class {@code k}; all share the text and the prediction
 * @param trueIndex the true class when known, else -1
 * @param target the class explained by default (from {@code --target})
 * @param source where the text came from ("file line 3"), or empty
 */
public record ReportEntry(List<Explanation> byClass, int trueIndex, int target, String source) {
    public ReportEntry {
        byClass = List.copyOf(byClass);
        if (byClass.isEmpty()) {
            throw new IllegalArgumentException("an entry needs an explanation per class");
        }
        if (target < 0 || target >= byClass.size()) {
            throw new IllegalArgumentException("target " + target + " out of range");
        }
    }

    public String text() {
        return byClass.get(0).text();
    }

    public ClassRef predicted() {
        return byClass.get(0).predicted();
    }

    /** The probability of the predicted class. */
    public double confidence() {
        return byClass.get(0).probabilities()[predicted().index()];
    }

    public boolean labelled() {
        return trueIndex >= 0;
    }

    public boolean misclassified() {
        return labelled() && trueIndex != predicted().index();
    }

    /** The explanation of the default target, as {@code lexray explain --target} would print it. */
    public Explanation explained() {
        return byClass.get(target);
    }
}
