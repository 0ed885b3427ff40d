package dev.lexray;

import java.util.List;

/**
 * What the model decided for one text. Immutable (the array accessors return copies); {@link LexrayJson} maps it to
 * the JSON {@code lexray predict} prints.
 *
 * @param text the input text, unchanged
 * @param model the model directory's name
 * @param labels the class labels, in logit order
 * @param logits the model's scores (the mean over windows for a long text)
 * @param probabilities the softmax of the logits
 * @param predicted the class with the highest score
 */
public record Prediction(String text, String model, List<String> labels, double[] logits, double[] probabilities,
        ClassRef predicted) {
    /** Copies the list and arrays. */
    public Prediction {
        labels = List.copyOf(labels);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    /** The model's scores, a copy. */
    @Override
    public double[] logits() {
        return logits.clone();
    }

    /** The softmax of the logits, a copy. */
    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
