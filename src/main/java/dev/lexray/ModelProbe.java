package dev.lexray;

import dev.lexray.model.Layer;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.LexrayException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * What the evaluation ({@code dev.lexray.eval}) needs of a loaded model beyond predicting and explaining: the logits
 * of a text with words removed, and copies with randomised layers. Both reach into the classifier and its windows,
 * so they live beside {@link LexrayModel} but off it: this is not part of the public API and changes with the
 * evaluation.
 */
public final class ModelProbe {
    private final LexrayModel model;

    private ModelProbe(LexrayModel model) {
        this.model = model;
    }

    /** The probe of a model; it uses the model's weights, so the model must stay open while the probe is used. */
    public static ModelProbe of(LexrayModel model) {
        return new ModelProbe(Objects.requireNonNull(model, "model"));
    }

    /**
     * The logits of variants of one text, each with some of its words removed. {@code removed.get(v)[w]} marks word
     * {@code w} of variant {@code v}, words numbered as in {@link Explanation#tokens()} (a subword model's word is
     * all its pieces). A text longer than a transformer's window is scored over windows, as
     * {@link LexrayModel#predict} does. Thread-safe like the model.
     *
     * @throws LexrayException for a text that cannot be encoded
     */
    public double[][] logitsWithout(String text, List<boolean[]> removed, Removal removal) {
        return WordRemoval.logitsWithout(model.classifier(), text, removed, removal);
    }

    /** The layers that hold weights, from the input (embedding) to the output (classifier). */
    public List<String> weightedLayers() {
        return model.classifier().weightedLayers();
    }

    /**
     * A copy of the model whose named layers have new random weights (the randomisation sanity check of Adebayo et
     * al. 2018): every tensor of those layers is redrawn from a normal distribution with the original tensor's mean
     * and standard deviation, seeded by {@code seed} and the tensor's name. The copy shares the model's tokenizer;
     * close it when done (the model must stay open while the copy is used).
     */
    public LexrayModel withRandomizedLayers(Collection<String> layerNames, long seed) {
        SequentialClassifier classifier = model.classifier();
        Map<String, Tensor> replaced = new HashMap<>();
        for (Layer layer : classifier.layers()) {
            if (!layerNames.contains(layer.name())) {
                continue;
            }
            for (String name : SequentialClassifier.parameterNames(layer)) {
                replaced.put(name, redraw(classifier.parameters().tensor(name), seed));
            }
        }
        for (String n : layerNames) {
            if (!classifier.weightedLayers().contains(n)) {
                throw new LexrayException("no layer '" + n + "' with weights; layers: " + classifier.weightedLayers());
            }
        }
        return new LexrayModel(classifier.withTensors(replaced), List.of());
    }

    private static Tensor redraw(Tensor t, long seed) {
        float[] v = t.values();
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(var / v.length) : 0;
        Random r = new Random(seed * 1_000_003L + t.name().hashCode());
        float[] out = new float[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + sd * r.nextGaussian());
        }
        return new Tensor(t.name(), t.shape(), out);
    }
}
