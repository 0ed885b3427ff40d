package dev.lexray.eval;

import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.TextException;
import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Predicts labelled texts in chunks, leaving out (and counting) those the model cannot encode, such as a text with
 * no known word. Shared by {@link Evaluation} and {@link ModelEvaluation} so that both score the same texts.
 */
final class Predictions {
    /** Texts per call of {@link LexrayModel#predict(List)}. */
    static final int CHUNK = 256;

    /** Receives each text the model scored, in order. */
    interface Scored<T> {
        void accept(T item, Prediction prediction);
    }

    private Predictions() {}

    /**
     * Calls {@code scored} for every item the model could encode, in order, and {@code done} after each chunk with
     * the number of items seen so far.
     *
     * @return how many items were left out
     */
    static <T> int predict(LexrayModel model, List<T> items, Function<T, String> text, Scored<T> scored,
            IntConsumer done) {
        int skipped = 0;
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<T> part = new ArrayList<>(items.subList(from, Math.min(items.size(), from + CHUNK)));
            while (!part.isEmpty()) {
                List<Prediction> ps;
                try {
                    ps = model.predict(part.stream().map(text).toList());
                } catch (TextException e) {
                    part.remove(e.index()); // retry the chunk without the text that cannot be encoded
                    skipped++;
                    continue;
                } catch (LexrayException e) {
                    if (part.size() != 1) {
                        throw e;
                    }
                    skipped++; // the only text cannot be encoded
                    break;
                }
                for (int i = 0; i < ps.size(); i++) {
                    scored.accept(part.get(i), ps.get(i));
                }
                break;
            }
            done.accept(Math.min(items.size(), from + CHUNK));
        }
        return skipped;
    }
}
