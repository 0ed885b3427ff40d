package dev.lexray.corpus;

import java.util.List;
import java.util.Objects;

/**
 * One example of a corpus: its text, its label, and any human rationales over the text.
 *
 * @param id         a stable identifier within the corpus split (the corpus' own id, or {@code file:line})
 * @param text       the text as the classifier should see it
 * @param label      the label's name (after the corpus' label map), or {@code null} for unlabelled text
 * @param rationales human rationales with character spans into {@code text}; empty when the corpus has none
 */
public record LabelledText(String id, String text, String label, List<Rationale> rationales) {
    public LabelledText {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        rationales = List.copyOf(rationales);
        for (Rationale r : rationales) {
            for (var s : r.spans()) {
                if (s.end() > text.length()) {
                    throw new IllegalArgumentException("rationale span " + s + " outside a text of length " + text.length());
                }
            }
        }
    }

    /** A text without rationales. */
    public LabelledText(String id, String text, String label) {
        this(id, text, label, List.of());
    }

    /** The same record with another label. */
    public LabelledText withLabel(String newLabel) {
        return new LabelledText(id, text, newLabel, rationales);
    }

    public boolean hasRationale() {
        return !rationales.isEmpty();
    }
}
