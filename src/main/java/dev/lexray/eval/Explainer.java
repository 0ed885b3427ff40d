package dev.lexray.eval;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.LexrayModel;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.eval.Evaluation.MethodSpec;
import dev.lexray.eval.Evaluation.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/** Explains the evaluated texts with each method, class by class in batches, timing the true class' explanations. */
final class Explainer {
    private final LexrayModel model;
    private final Progress progress;

    Explainer(LexrayModel model, Progress progress) {
        this.model = model;
        this.progress = progress;
    }

    /**
     * Explains the true class of the first {@code limit} items, and with {@code predicted} the predicted class of
     * the misclassified ones; records each item's words into {@code words} and what a reader should know into
     * {@code notes}.
     */
    ExplainedMethod explain(MethodSpec spec, int limit, List<Item> items, List<List<TokenRelevance>> words,
            boolean predicted, List<String> notes) {
        List<Item> mine = items.subList(0, limit);
        // Warm-up (not timed): the first call of a method pays for class loading and the engine's first kernels.
        relevance(model, spec, mine.subList(0, Math.min(4, mine.size())), Item::truth, null, false);
        progress.stage(spec.name() + ": explaining the true class", mine.size());
        long start = System.nanoTime();
        double[][] truth = relevance(model, spec, mine, Item::truth, words, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        int tied = 0;
        int longer = 0;
        for (double[] r : truth) {
            if (r.length > 1) {
                longer++;
                tied += Arrays.stream(r).distinct().count() == 1 ? 1 : 0;
            }
        }
        if (tied * 2 > longer) {
            notes.add(String.format(Locale.ROOT, "%s gave every word of a text the same relevance in %d of %d texts: "
                    + "ties are ranked in text order for deletion and AOPC, and AUPRC scores a tie as (1 + share of "
                    + "marked words) / 2 (average precision does not reward it)", spec.name(), tied, longer));
        }
        double[][] predictedRelevance = truth.clone();
        if (predicted) {
            List<Item> wrong = mine.stream().filter(i -> !i.correct()).toList();
            if (!wrong.isEmpty()) {
                progress.stage(spec.name() + ": explaining the predicted class of misclassified texts", wrong.size());
                double[][] r = relevance(model, spec, wrong, Item::predicted, null, true);
                Map<Item, double[]> byItem = new IdentityHashMap<>();
                for (int j = 0; j < wrong.size(); j++) {
                    byItem.put(wrong.get(j), r[j]);
                }
                for (int i = 0; i < mine.size(); i++) {
                    double[] p = byItem.get(mine.get(i));
                    if (p != null) {
                        predictedRelevance[i] = p;
                    }
                }
            }
        }
        return new ExplainedMethod(spec, limit, truth, predictedRelevance, seconds);
    }

    /**
     * Word relevance of each item for the class {@code target} picks, explained by {@code on} class by class in
     * batches; records the words of each item into {@code words} (when given) as the explanations report them, and
     * with {@code report} the progress.
     */
    double[][] relevance(LexrayModel on, MethodSpec spec, List<Item> items, ToIntFunction<Item> target,
            List<List<TokenRelevance>> words, boolean report) {
        double[][] out = new double[items.size()][];
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            byClass.computeIfAbsent(target.applyAsInt(items.get(i)), c -> new ArrayList<>()).add(i);
        }
        int done = 0;
        int chunk = Math.max(1, spec.options().batchSize()) * 4;
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            ExplainOptions o = spec.options().withTarget(new Target.Index(e.getKey()));
            List<Integer> idx = e.getValue();
            for (int from = 0; from < idx.size(); from += chunk) {
                List<Integer> part = idx.subList(from, Math.min(idx.size(), from + chunk));
                List<Explanation> ex = on.explain(part.stream().map(i -> items.get(i).text()).toList(), o);
                for (int j = 0; j < part.size(); j++) {
                    out[part.get(j)] = ex.get(j).relevances();
                    if (words != null && words.get(part.get(j)) == null) {
                        words.set(part.get(j), ex.get(j).tokens());
                    }
                }
                done += part.size();
                if (report) {
                    progress.update(done);
                }
            }
        }
        return out;
    }
}
