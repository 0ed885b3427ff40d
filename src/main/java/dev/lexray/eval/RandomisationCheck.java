package dev.lexray.eval;

import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.eval.Evaluation.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model randomisation sanity check of Adebayo et al. 2018: layers are randomised in a cascade from the top
 * (classifier) down, and each method's word relevance on the randomised model is compared with the original by
 * Spearman's rank correlation, signed and of absolute values. A method whose relevance survives randomising every
 * layer is flagged: it does not depend on what the model learnt.
 */
final class RandomisationCheck {
    private RandomisationCheck() {}

    /**
     * The check for each method on its first {@code texts} items (at most its limit); a method with no text has no
     * entry. Adds what a reader should know to {@code notes}.
     */
    static Map<ExplainedMethod, EvaluationResult.Randomization> run(ModelProbe probe, Explainer explainer,
            List<Item> items, List<ExplainedMethod> methods, int texts, long seed, Progress progress,
            List<String> notes) {
        List<String> layers = new ArrayList<>(probe.weightedLayers());
        Collections.reverse(layers); // top (classifier) first
        Map<ExplainedMethod, List<EvaluationResult.Stage>> stages = new LinkedHashMap<>();
        Map<ExplainedMethod, Integer> counts = new LinkedHashMap<>();
        for (ExplainedMethod m : methods) {
            stages.put(m, new ArrayList<>());
            counts.put(m, Math.min(m.limit, texts));
        }
        int total = methods.stream().mapToInt(counts::get).sum() * layers.size();
        progress.stage("randomisation: explaining " + layers.size() + " cascades of randomised layers", total);
        int done = 0;
        for (int s = 1; s <= layers.size(); s++) {
            List<String> randomized = layers.subList(0, s);
            try (LexrayModel random = probe.withRandomizedLayers(randomized, seed)) {
                for (ExplainedMethod m : methods) {
                    int n = counts.get(m);
                    if (n == 0) {
                        continue;
                    }
                    double[][] r = explainer.relevance(random, m.spec, items.subList(0, n), Item::truth, null, false);
                    stages.get(m).add(stage(layers.get(s - 1), randomized, m.truthRelevance, r, n));
                    done += n;
                    progress.update(done);
                }
            }
        }
        Map<ExplainedMethod, EvaluationResult.Randomization> out = new HashMap<>();
        for (ExplainedMethod m : methods) {
            List<EvaluationResult.Stage> st = stages.get(m);
            if (st.isEmpty()) {
                continue;
            }
            EvaluationResult.Stage last = st.get(st.size() - 1);
            boolean flagged = (last.spearman() != null && last.spearman() >= Evaluation.Config.UNCHANGED)
                    || (last.spearmanAbs() != null && last.spearmanAbs() >= Evaluation.Config.UNCHANGED);
            out.put(m, new EvaluationResult.Randomization(counts.get(m), st, flagged));
            if (st.stream().allMatch(x -> x.spearman() == null)) {
                notes.add(m.spec.name() + ": its relevance was the same for every word of a text, so no rank "
                        + "correlation is defined (as for the gradient of a model that mean-pools its word embeddings)");
            }
        }
        return out;
    }

    /** Mean correlations over the first {@code n} texts where they are defined (null where none is). */
    private static EvaluationResult.Stage stage(String layer, List<String> randomized, double[][] original,
            double[][] random, int n) {
        double signed = 0;
        double abs = 0;
        int defined = 0;
        int definedAbs = 0;
        for (int i = 0; i < n; i++) {
            double c = Rankings.spearman(original[i], random[i]);
            double a = Rankings.spearman(Rankings.abs(original[i]), Rankings.abs(random[i]));
            if (!Double.isNaN(c)) {
                signed += c;
                defined++;
            }
            if (!Double.isNaN(a)) {
                abs += a;
                definedAbs++;
            }
        }
        return new EvaluationResult.Stage(layer, List.copyOf(randomized), defined == 0 ? null : signed / defined,
                definedAbs == 0 ? null : abs / definedAbs, defined);
    }
}
