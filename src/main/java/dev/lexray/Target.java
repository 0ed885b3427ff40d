package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.List;

/** Which score to explain: the predicted class (default), a class by index or label, or a contrast of two. */
public sealed interface Target permits Target.Predicted, Target.Index, Target.Label, Target.Contrast {
    /** The class the model predicts for each text. */
    record Predicted() implements Target {}

    /**
     * A class by its index in the logits.
     *
     * @param index 0-based class index
     */
    record Index(int index) implements Target {}

    /**
     * A class by its label.
     *
     * @param label one of the model's labels
     */
    record Label(String label) implements Target {}

    /**
     * {@code score_of(first) - score_of(second)}.
     *
     * @param first the class whose score counts positively
     * @param second the class whose score is subtracted
     */
    record Contrast(Target first, Target second) implements Target {}

    /** The predicted class (the default). */
    static Target predicted() {
        return new Predicted();
    }

    /**
     * Parses the CLI form against a model's labels: a string that is one of the labels is that label before any
     * other reading (so a label may contain {@code -vs-} or be a number).
     */
    static Target parse(String spec, List<String> labels) {
        if (spec != null && labels.contains(spec)) {
            return new Label(spec);
        }
        int vs = spec == null ? -1 : spec.indexOf("-vs-");
        if (vs > 0 && vs + 4 < spec.length()) {
            String a = spec.substring(0, vs);
            String b = spec.substring(vs + 4);
            return new Contrast(labels.contains(a) ? new Label(a) : single(a),
                    labels.contains(b) ? new Label(b) : single(b));
        }
        return parse(spec);
    }

    /** Parses the CLI form: {@code predicted}, a label, a class index, or {@code A-vs-B}. */
    static Target parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("predicted")) {
            return predicted();
        }
        int vs = spec.indexOf("-vs-");
        if (vs > 0 && vs + 4 < spec.length()) {
            return new Contrast(single(spec.substring(0, vs)), single(spec.substring(vs + 4)));
        }
        return single(spec);
    }

    private static Target single(String s) {
        if (s.equals("predicted")) {
            return predicted();
        }
        if (s.matches("\\d{1,9}")) {
            return new Index(Integer.parseInt(s));
        }
        return new Label(s);
    }

    /**
     * The class index this target names, for a text whose predicted class is {@code predicted}.
     *
     * @throws LexrayException for an unknown label or an index out of range
     */
    static int resolve(Target t, List<String> labels, int predicted) {
        if (t instanceof Predicted) {
            return predicted;
        }
        if (t instanceof Index i) {
            if (i.index() < 0 || i.index() >= labels.size()) {
                throw new LexrayException("class index " + i.index() + " is out of range: the model has "
                        + labels.size() + " classes, 0 to " + (labels.size() - 1) + " " + labels);
            }
            return i.index();
        }
        if (t instanceof Label l) {
            int idx = labels.indexOf(l.label());
            if (idx < 0) {
                throw new LexrayException("unknown label '" + l.label() + "': the model's labels are " + labels);
            }
            return idx;
        }
        throw new LexrayException("a contrast cannot be nested");
    }
}
