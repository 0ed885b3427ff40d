package dev.lexray.model;

import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** The weights file against what the architecture expects: every tensor present, none unexplained, shapes, values. */
final class TensorCheck {
    private TensorCheck() {}

    /**
     * Checks names and shapes against the config, then the values: a tensor holding NaN or infinite values is
     * refused, or with {@code allowNonfinite} reported to {@code warnings} (one message per tensor).
     */
    static void check(Path file, Map<String, Tensor> tensors, Map<String, long[]> expected,
            boolean allowNonfinite, Consumer<String> warnings) {
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(tensors.keySet());
        if (!missing.isEmpty()) {
            String first = missing.iterator().next();
            throw new LexrayException(file + " lacks tensor" + (missing.size() > 1 ? "s " : " ") + missing
                    + " (expected " + first + " " + Arrays.toString(expected.get(first)) + " from config.json)");
        }
        Set<String> extra = new TreeSet<>(tensors.keySet());
        extra.removeAll(expected.keySet());
        if (!extra.isEmpty()) {
            throw new LexrayException(file + " has tensors config.json does not explain: " + extra
                    + " (check architecture, num_layers and hidden_sizes)");
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new LexrayException(file + ": tensor " + e.getKey() + " has shape " + t.shapeString()
                        + " but config.json implies " + Arrays.toString(e.getValue()));
            }
            float[] v = t.values();
            int first = -1;
            long count = 0;
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    if (!allowNonfinite) {
                        throw new LexrayException(file + ": tensor " + e.getKey() + " holds " + v[i]
                                + " at flat index " + i + "; the model is broken (NaN or infinite weights): retrain"
                                + " or repair it, or load it anyway with --allow-nonfinite");
                    }
                    if (first < 0) {
                        first = i;
                    }
                    count++;
                }
            }
            if (count > 0) {
                warnings.accept(file + ": tensor " + e.getKey() + " holds " + count + " NaN or infinite value"
                        + (count == 1 ? "" : "s") + " (the first, " + v[first] + ", at flat index " + first
                        + "); scores and relevances that depend on them will be NaN or infinite");
            }
        }
    }
}
