package dev.lexray;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lexray.LexrayModel.Unit;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts longer than a transformer's window into overlapping windows (half a window apart), each wrapped in
 * the text's special tokens, so nothing is dropped. The text's logits are the mean of its windows' logits, so every
 * window's relevance is divided by the number of windows W and summed per piece (a piece in two windows gets both
 * shares): words + special tokens + residual then add up to the explained score, as for a short text. A text's
 * windows are consecutive units, so results per unit go back to their text with {@link #perText}.
 */
final class Windows {
    private Windows() {}

    static List<Unit> split(List<EncodedText> texts, SequentialClassifier classifier) {
        int window = classifier.isTransformer() ? classifier.window() : 0;
        List<Unit> units = new ArrayList<>(texts.size());
        for (EncodedText e : texts) {
            if (window <= 0 || e.length() <= window) {
                units.add(new Unit(e, IntStream.range(0, e.length()).toArray(), 1));
                continue;
            }
            int lead = 0;
            while (lead < e.length() && e.isSpecial(lead)) {
                lead++;
            }
            int trail = 0;
            while (trail < e.length() - lead && e.isSpecial(e.length() - 1 - trail)) {
                trail++;
            }
            int content = e.length() - lead - trail;
            int size = window - lead - trail;
            if (size < 2) {
                throw new LexrayException("the model's window of " + window + " tokens is too small to explain");
            }
            int stride = Math.max(1, size / 2);
            List<int[]> ranges = new ArrayList<>();
            for (int start = 0; ; start += stride) {
                int end = Math.min(content, start + size);
                ranges.add(new int[] {start, end});
                if (end == content) {
                    break;
                }
            }
            for (int[] r : ranges) {
                int[] source = sourceIndices(e.length(), lead, trail, lead + r[0], lead + r[1]);
                units.add(new Unit(e.select(source), source, ranges.size()));
            }
        }
        return units;
    }

    /** Text positions of a window {@code [from, to)}, with the leading and trailing special tokens around it. */
    private static int[] sourceIndices(int length, int lead, int trail, int from, int to) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < lead; i++) {
            idx.add(i);
        }
        for (int i = from; i < to; i++) {
            idx.add(i);
        }
        for (int i = length - trail; i < length; i++) {
            idx.add(i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Adds a unit's per-position relevance, divided by the text's {@code windows}, to the text's per-piece relevance.
     * Dividing by W (not by how many windows hold the piece) matches the mean of the windows' scores.
     */
    static void accumulate(Unit unit, double[] relevance, int windows, double[] piece) {
        int[] source = unit.source();
        for (int j = 0; j < source.length; j++) {
            piece[source[j]] += relevance[j] / windows;
        }
    }

    /** Groups per-unit values (results, or the units themselves) by text, in text order. */
    static <R> List<List<R>> perText(List<Unit> units, List<R> values) {
        List<List<R>> out = new ArrayList<>();
        for (int u = 0; u < units.size(); u += units.get(u).windows()) {
            out.add(values.subList(u, u + units.get(u).windows()));
        }
        return out;
    }

    /**
     * Windows of one long text must all explain the same class: the text's prediction is the mean of its windows'
     * logits, so "predicted" is resolved on that mean before any window is explained. Null where a unit resolves its
     * own target (a text in one window).
     */
    static ExplainedTarget[] sharedTargets(List<Unit> units, Target target, Targets targets,
            SequentialClassifier classifier) {
        ExplainedTarget[] fixed = new ExplainedTarget[units.size()];
        if (units.stream().allMatch(u -> u.windows() == 1)) {
            return fixed;
        }
        for (int u = 0; u < units.size(); u += units.get(u).windows()) {
            int n = units.get(u).windows();
            if (n == 1) {
                continue;
            }
            double[] mean = meanLogits(units.subList(u, u + n), classifier);
            Arrays.fill(fixed, u, u + n, targets.resolve(target, Logits.argmax(mean)));
        }
        return fixed;
    }

    /**
     * One text's logits from its windows alone, in float32, whatever the precision of the explanation: one window
     * at a time, so that a text of any length needs one window's forward pass of memory, not all of them at once.
     */
    private static double[] meanLogits(List<Unit> windows, SequentialClassifier classifier) {
        List<double[]> rows = new ArrayList<>(windows.size());
        for (Unit window : windows) {
            try (NDManager manager = classifier.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(List.of(window.encoded()), classifier.encoder().padId(),
                        DataType.FLOAT32, manager);
                rows.add(Logits.rows(classifier.logits(batch))[0]);
            }
        }
        return Logits.mean(rows);
    }
}
