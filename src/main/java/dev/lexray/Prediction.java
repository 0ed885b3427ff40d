package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param warnings what a reader should know about the text (e.g. {@code "all words unknown to the model"}); empty
 *     for most texts, and then left out of the JSON
 */
public record Prediction(String text, String model, List<String> labels, double[] logits, double[] probabilities,
        ClassRef predicted, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
    /** Copies the lists and arrays. */
    public Prediction {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        labels = List.copyOf(labels);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    /** A prediction without warnings. */
    public Prediction(String text, String model, List<String> labels, double[] logits, double[] probabilities,
            ClassRef predicted) {
        this(text, model, labels, logits, probabilities, predicted, List.of());
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
