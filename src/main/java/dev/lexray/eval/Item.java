package dev.lexray.eval;

import dev.lexray.corpus.Rationale;
import java.util.List;

/** A text the model can score, with its true class and the model's prediction. */
record Item(String id, String text, int truth, List<Rationale> rationales, double[] probabilities, int predicted) {
    boolean correct() {
        return truth == predicted;
    }
}
