package dev.lexray.audit;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of a model's classes count as toxic: the score of a text is the sum of their probabilities. By default every
 * class except the one named {@code neither} (Davidson), {@code NOT} (OLID) or {@code normal} (HateXplain).
 *
 * @param labels the model's labels, in logit order
 * @param indices the toxic classes' indices, ascending
 */
public record ToxicClasses(List<String> labels, int[] indices) {
    private static final Set<String> BENIGN = Set.of("neither", "not", "normal");

    /** Whether a label names the benign class ({@code neither}, {@code NOT}, {@code normal}; any case). */
    public static boolean benign(String label) {
        return BENIGN.contains(label.toLowerCase(java.util.Locale.ROOT));
    }

    public ToxicClasses {
        labels = List.copyOf(labels);
        indices = indices.clone();
    }

    /** The toxic classes named by {@code names}, or the default when {@code names} is null or empty. */
    public static ToxicClasses of(List<String> labels, List<String> names) {
        List<Integer> idx = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            List<Integer> benign = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                (BENIGN.contains(labels.get(i).toLowerCase(java.util.Locale.ROOT)) ? benign : idx).add(i);
            }
            if (benign.size() != 1 || idx.isEmpty()) {
                throw new LexrayException("cannot tell the toxic classes of a model with classes " + labels
                        + ": name them with --toxic (e.g. --toxic " + labels.get(0) + ")");
            }
        } else {
            for (String n : names) {
                int i = labels.indexOf(n);
                if (i < 0) {
                    throw new LexrayException("--toxic names '" + n + "', which is not a class of the model; its"
                            + " classes are " + labels);
                }
                if (!idx.contains(i)) {
                    idx.add(i);
                }
            }
            if (idx.size() == labels.size()) {
                throw new LexrayException("--toxic names every class of the model; leave at least one non-toxic class");
            }
        }
        return new ToxicClasses(labels, idx.stream().sorted().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** The toxic class names. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int i : indices) {
            out.add(labels.get(i));
        }
        return out;
    }

    /** The probability of toxic: the sum of the toxic classes' probabilities. */
    public double score(double[] probabilities) {
        double s = 0;
        for (int i : indices) {
            s += probabilities[i];
        }
        return s;
    }

    /** The toxic class with the highest probability (the class whose relevance the audit explains). */
    public int strongest(double[] probabilities) {
        int best = indices[0];
        for (int i : indices) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
