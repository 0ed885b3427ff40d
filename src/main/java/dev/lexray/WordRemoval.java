package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.LexrayModel.Unit;
import dev.lexray.attribution.Baselines;
import dev.lexray.attribution.Words;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.runtime.HostArrays;
import dev.lexray.text.EncodedText;
import dev.lexray.text.WordGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores variants of one text with some of its words removed, for word deletion and AOPC. It lives beside the facade
 * because it windows texts as {@link LexrayModel#predict} does; the evaluation reaches it through {@link ModelProbe}.
 */
final class WordRemoval {
    /** Perturbed variants per forward pass. */
    private static final int VARIANT_BATCH = 128;

    private WordRemoval() {}

    /** See {@link ModelProbe#logitsWithout}. */
    static double[][] logitsWithout(SequentialClassifier classifier, String text, List<boolean[]> removed,
            Removal removal) {
        EncodedText e = classifier.encoder().encode(text);
        List<int[]> words = WordGroups.positions(e, classifier.isTransformer());
        int replacement = removal == Removal.UNK ? Baselines.unknownId(classifier) : classifier.encoder().padId();
        List<EncodedText> variants = new ArrayList<>(removed.size());
        List<boolean[]> zeroed = new ArrayList<>(removed.size());
        for (boolean[] r : removed) {
            if (r.length != words.size()) {
                throw new IllegalArgumentException("the text has " + words.size() + " words, the mask " + r.length);
            }
            boolean[] marked = new boolean[e.length()];
            for (int w = 0; w < r.length; w++) {
                if (r[w]) {
                    for (int i : words.get(w)) {
                        marked[i] = true;
                    }
                }
            }
            switch (removal) {
                case ZERO_EMBEDDING -> {
                    variants.add(e);
                    zeroed.add(marked);
                }
                case UNK, PAD -> {
                    variants.add(Words.replaced(e, marked, replacement));
                    zeroed.add(null);
                }
                case DELETE -> {
                    variants.add(Words.without(e, marked));
                    zeroed.add(null);
                }
            }
        }
        List<Unit> units = Windows.split(variants, classifier);
        int[] owner = new int[units.size()];
        for (int u = 0, v = 0; u < units.size(); v++) {
            for (int k = units.get(u).windows(); k > 0; k--) {
                owner[u++] = v;
            }
        }
        double[][] logits = new double[removed.size()][classifier.labels().size()];
        for (int from = 0; from < units.size(); from += VARIANT_BATCH) {
            int to = Math.min(units.size(), from + VARIANT_BATCH);
            List<Unit> chunk = units.subList(from, to);
            try (NDManager manager = classifier.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(chunk.stream().map(Unit::encoded).toList(),
                        classifier.encoder().padId(), DataType.FLOAT32, manager);
                NDArray out;
                if (removal == Removal.ZERO_EMBEDDING) {
                    int t = batch.maxLength();
                    float[] keep = new float[chunk.size() * t];
                    Arrays.fill(keep, 1f);
                    for (int j = 0; j < chunk.size(); j++) {
                        boolean[] z = zeroed.get(owner[from + j]);
                        int[] source = chunk.get(j).source();
                        for (int p = 0; p < source.length; p++) {
                            if (z[source[p]]) {
                                keep[j * t + p] = 0f;
                            }
                        }
                    }
                    NDArray mask = HostArrays.of(manager, keep, new Shape(chunk.size(), t, 1));
                    out = classifier.logitsFromEmbeddings(classifier.embed(batch).mul(mask), batch);
                } else {
                    out = classifier.logits(batch);
                }
                double[][] rows = Logits.rows(out);
                for (int j = 0; j < rows.length; j++) {
                    Unit unit = chunk.get(j);
                    for (int c = 0; c < rows[j].length; c++) {
                        logits[owner[from + j]][c] += rows[j][c] / unit.windows();
                    }
                }
            }
        }
        return logits;
    }
}
