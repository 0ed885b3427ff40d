package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.List;

/**
 * Resolves a {@link Target} against a model's labels into the {@link ExplainedTarget} an explanation reports.
 *
 * @param labels the model's labels, in the order of its logits
 */
record Targets(List<String> labels) {
    /** Fails on an unknown label or class index before any work is done (the predicted class is irrelevant here). */
    void check(Target target) {
        resolve(target, 0);
    }

    /**
     * The class explained for a text whose predicted class is {@code predicted}.
     *
     * @throws LexrayException for an unknown label or index, or a contrast of a class with itself
     */
    ExplainedTarget resolve(Target target, int predicted) {
        if (target instanceof Target.Contrast c) {
            int a = Target.resolve(c.first(), labels, predicted);
            int b = Target.resolve(c.second(), labels, predicted);
            if (a == b) {
                throw new LexrayException("a contrast needs two different classes, got " + labels.get(a) + " twice");
            }
            return new ExplainedTarget(a, labels.get(a), new ClassRef(b, labels.get(b)));
        }
        int i = Target.resolve(target, labels, predicted);
        return new ExplainedTarget(i, labels.get(i), null);
    }
}
