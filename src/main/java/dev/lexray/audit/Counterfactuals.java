package dev.lexray.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lexray.corpus.IdentityTerms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Part 2b: the counterfactual term-swap test. Every occurrence of an identity term in a text is replaced, one at a
 * time, by each other term of its category, and the text re-scored. Per term (as found in the texts): the mean and
 * the largest absolute change of the toxic probability over its swaps; per term as the replacement: the mean signed
 * change it causes (positive: putting this term in makes texts look more toxic); and the texts that change most,
 * each with its largest swap.
 */
@JsonPropertyOrder({"texts", "texts_with_terms", "swaps", "terms", "largest"})
public record Counterfactuals(int texts, @JsonProperty("texts_with_terms") int textsWithTerms, int swaps,
        List<TermChange> terms, List<Swap> largest) {

    /** One term's changes. */
    @JsonPropertyOrder({"term", "category", "known", "texts", "swaps", "mean_abs_change", "max_abs_change",
        "mean_change_as_replacement"})
    public record TermChange(String term, String category, boolean known, int texts, int swaps,
            @JsonProperty("mean_abs_change") Double meanAbsChange, @JsonProperty("max_abs_change") Double maxAbsChange,
            @JsonProperty("mean_change_as_replacement") Double meanChangeAsReplacement) {}

    /** One swap and its effect on the toxic probability. */
    @JsonPropertyOrder({"text", "term", "replacement", "before", "after", "change"})
    public record Swap(String text, String term, String replacement, double before, double after, double change) {}

    /**
     * Runs the test over texts with their scores; {@code score} scores a list of texts (the swapped variants, in one
     * call); {@code known} tells whether the model knows every word of a term; {@code top} swaps are kept.
     */
    public static Counterfactuals run(List<String> texts, double[] scores, IdentityTerms terms,
            Function<List<String>, double[]> score, Map<String, Boolean> known, int top) {
        List<String> variants = new ArrayList<>();
        List<int[]> origin = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        int withTerms = 0;
        for (int i = 0; i < texts.size(); i++) {
            if (Double.isNaN(scores[i])) {
                continue;
            }
            List<IdentityTerms.Occurrence> found = terms.find(texts.get(i));
            if (!found.isEmpty()) {
                withTerms++;
            }
            for (IdentityTerms.Occurrence o : found) {
                for (String other : terms.inCategory(o.term().category())) {
                    if (!other.equals(o.term().term())) {
                        variants.add(IdentityTerms.replace(texts.get(i), o, other));
                        origin.add(new int[] {i});
                        pairs.add(new String[] {o.term().term(), other});
                    }
                }
            }
        }
        double[] after = variants.isEmpty() ? new double[0] : score.apply(variants);
        Map<String, List<Double>> byTerm = new LinkedHashMap<>();
        Map<String, List<Double>> byReplacement = new LinkedHashMap<>();
        Map<String, java.util.Set<Integer>> textsOf = new LinkedHashMap<>();
        List<Swap> swaps = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            if (Double.isNaN(after[v])) {
                continue;
            }
            int i = origin.get(v)[0];
            double change = after[v] - scores[i];
            String term = pairs.get(v)[0];
            String repl = pairs.get(v)[1];
            byTerm.computeIfAbsent(term, k -> new ArrayList<>()).add(change);
            byReplacement.computeIfAbsent(repl, k -> new ArrayList<>()).add(change);
            textsOf.computeIfAbsent(term, k -> new java.util.HashSet<>()).add(i);
            swaps.add(new Swap(texts.get(i), term, repl, scores[i], after[v], change));
        }
        List<TermChange> changes = new ArrayList<>();
        for (IdentityTerms.Term t : terms.terms()) {
            List<Double> c = byTerm.getOrDefault(t.term(), List.of());
            List<Double> r = byReplacement.getOrDefault(t.term(), List.of());
            changes.add(new TermChange(t.term(), t.category(), known.getOrDefault(t.term(), true),
                    textsOf.getOrDefault(t.term(), java.util.Set.of()).size(), c.size(),
                    c.isEmpty() ? null : c.stream().mapToDouble(Math::abs).average().orElseThrow(),
                    c.isEmpty() ? null : c.stream().mapToDouble(Math::abs).max().orElseThrow(),
                    r.isEmpty() ? null : r.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        }
        // The texts that change most, each once (with its largest swap).
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Swap> largest = swaps.stream()
                .sorted(Comparator.comparingDouble((Swap s) -> -Math.abs(s.change()))).filter(s -> seen.add(s.text()))
                .limit(top).toList();
        return new Counterfactuals(texts.size(), withTerms, swaps.size(), changes, largest);
    }
}
