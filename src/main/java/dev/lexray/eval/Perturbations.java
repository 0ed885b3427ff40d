package dev.lexray.eval;

import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.eval.Evaluation.Progress;
import java.util.List;

/**
 * Scores the deletion and AOPC variants of each text for every method at once: the distinct variants of a text go
 * through the model together, in batches, and each method's curves read back the logits they asked for.
 */
final class Perturbations {
    private Perturbations() {}

    /** Fills the {@link ExplainedMethod#deletion} and {@link ExplainedMethod#aopc} curves that are not null. */
    static void score(ModelProbe probe, Removal removal, List<Item> items, List<ExplainedMethod> methods,
            Progress progress) {
        int reach = methods.stream().mapToInt(m -> m.limit).max().orElse(0);
        progress.stage("scoring perturbed texts (" + removal.cliName() + ")", reach);
        for (int i = 0; i < reach; i++) {
            Item item = items.get(i);
            Variants v = new Variants();
            int[][][] deletion = new int[methods.size()][][];
            int[][][] aopc = new int[methods.size()][][];
            for (int mi = 0; mi < methods.size(); mi++) {
                ExplainedMethod m = methods.get(mi);
                if (i >= m.limit) {
                    continue;
                }
                if (m.deletion != null) {
                    deletion[mi] = m.deletion.request(item, m.truthRelevance[i], v);
                }
                if (m.aopc != null) {
                    aopc[mi] = m.aopc.request(m.predictedRelevance[i], v);
                }
            }
            double[][] logits = v.masks().isEmpty() ? new double[0][]
                    : probe.logitsWithout(item.text(), v.masks(), removal);
            for (int mi = 0; mi < methods.size(); mi++) {
                ExplainedMethod m = methods.get(mi);
                if (deletion[mi] != null) {
                    m.deletion.add(item, deletion[mi], logits);
                }
                if (aopc[mi] != null) {
                    m.aopc.add(item, aopc[mi], logits);
                }
            }
            progress.update(i + 1);
        }
    }
}
