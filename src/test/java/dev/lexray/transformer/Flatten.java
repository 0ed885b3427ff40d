package dev.lexray.transformer;

import dev.lexray.Explanation;
import dev.lexray.TokenRelevance;
import java.util.ArrayList;
import java.util.List;

/** Test helpers on explanations. */
final class Flatten {
    private Flatten() {}

    /**
     * Per-token relevance in the encoder's token order, for a single-sequence encoding that wraps the text's pieces in
     * one leading and one trailing special token ({@code [CLS] ... [SEP]}, {@code <s> ... </s>}), or (a decoder's)
     * in none.
     */
    static double[] tokens(Explanation e) {
        List<TokenRelevance> specials = e.specialTokens() == null ? List.of() : e.specialTokens();
        if (specials.size() != 2 && !specials.isEmpty()) {
            throw new AssertionError("expected two special tokens or none, got " + specials);
        }
        List<Double> out = new ArrayList<>();
        if (!specials.isEmpty()) {
            out.add(specials.get(0).relevance());
        }
        for (TokenRelevance w : e.tokens()) {
            for (TokenRelevance p : w.pieces()) {
                out.add(p.relevance());
            }
        }
        if (!specials.isEmpty()) {
            out.add(specials.get(1).relevance());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
