package dev.lexray.train;

import dev.lexray.corpus.IdentityTerms;
import dev.lexray.corpus.LabelledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Counterfactual data augmentation (Dixon et al. 2018; Garg et al. 2019): every training text that mentions an
 * identity term gets {@code copies} extra copies with the same label, in each of which every term occurrence is
 * swapped for another term of its category. Copy {@code k} of a text takes, for each occurrence, the term
 * {@code (r + k) mod (n - 1)} of the category's other terms, with {@code r} drawn once per occurrence from the seed:
 * the copies of one text differ while the category has terms enough (a term of a two-term category, such as
 * male/female, gets the same swap in every copy, which weighs that counterfactual more), and the run is
 * reproducible.
 */
public final class IdentityAugmentation {
    private IdentityAugmentation() {}

    /** The training texts followed by their counterfactual copies (ids {@code id#cf1}, {@code id#cf2}, ...). */
    public static List<LabelledText> augment(List<LabelledText> train, IdentityTerms terms, int copies, long seed) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, not " + copies);
        }
        Random random = new Random(seed);
        List<LabelledText> out = new ArrayList<>(train);
        for (LabelledText t : train) {
            List<IdentityTerms.Occurrence> found = terms.find(t.text()).stream()
                    .filter(o -> terms.inCategory(o.term().category()).size() > 1).toList();
            if (found.isEmpty()) {
                continue;
            }
            int[] offsets = new int[found.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = random.nextInt(terms.inCategory(found.get(i).term().category()).size() - 1);
            }
            for (int k = 0; k < copies; k++) {
                StringBuilder text = new StringBuilder();
                int at = 0;
                for (int i = 0; i < found.size(); i++) {
                    IdentityTerms.Occurrence o = found.get(i);
                    List<String> others = terms.inCategory(o.term().category()).stream()
                            .filter(x -> !x.equals(o.term().term())).toList();
                    text.append(t.text(), at, o.start()).append(others.get((offsets[i] + k) % others.size()));
                    at = o.end();
                }
                text.append(t.text().substring(at));
                out.add(new LabelledText(t.id() + "#cf" + (k + 1), text.toString(), t.label()));
            }
        }
        return out;
    }
}
