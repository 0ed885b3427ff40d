package dev.lexray.attribution;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.text.EncodedText;
import java.util.List;

/** Scores many (perturbed) token sequences with the forward pass, in batches, each with its text's target. */
final class Scoring {
    private static final int BATCH = 256;

    private Scoring() {}

    /**
     * @param owner for each variant, the index of the text whose target weights apply
     * @return the explained score of each variant
     */
    static double[] scores(SequentialClassifier model, List<EncodedText> variants, int[] owner,
            double[][] targetWeights, DataType type) {
        double[] out = new double[variants.size()];
        int classes = targetWeights[0].length;
        for (int from = 0; from < variants.size(); from += BATCH) {
            int to = Math.min(variants.size(), from + BATCH);
            try (NDManager m = model.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(variants.subList(from, to), model.encoder().padId(), type, m);
                double[][] logits = Baselines.rows(model.logits(batch));
                for (int v = from; v < to; v++) {
                    double s = 0;
                    for (int c = 0; c < classes; c++) {
                        s += targetWeights[owner[v]][c] * logits[v - from][c];
                    }
                    out[v] = s;
                }
            }
        }
        return out;
    }
}
