package dev.lexray;

import java.util.List;

/** What the model decided for one text. Immutable. */
public record Prediction(String text, String model, List<String> labels, double[] logits, double[] probabilities,
        ClassRef predicted) {
    public Prediction {
        labels = List.copyOf(labels);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
