package dev.lexray.train;

import dev.lexray.corpus.LabelledText;
import dev.lexray.model.Layer;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import dev.lexray.text.EncodedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What {@link ModelTrainer} needs from an architecture: a vocabulary built from the training texts, an encoding,
 * the explainer's own layers with their tensor shapes, an initialisation, and a writer for the model directory.
 */
interface TrainableModel {
    /** Builds the vocabulary (or tokenizer) from the training texts; called once, first. */
    void prepare(List<LabelledText> train);

    /** The text as model input, or null when nothing of it is left to learn from. */
    EncodedText encode(String text);

    int padId();

    List<Layer> layers();

    /** Tensor names to shapes, in the order they are written. */
    Map<String, long[]> shapes();

    float[] initialise(String name, long[] shape, Random random);

    /** Writes config, vocabulary or tokenizer, and weights into {@code out}. */
    void write(Path out, Map<String, float[]> values);

    int vocabularySize();

    /** Writes the weights as {@code model.safetensors} (creating the directory). */
    static void writeWeights(Path out, Map<String, long[]> shapes, Map<String, float[]> values)
            throws IOException {
        Files.createDirectories(out);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        shapes.forEach((k, s) -> tensors.put(k, new Tensor(k, s, values.get(k))));
        SafetensorsFile.write(out.resolve("model.safetensors"), tensors);
    }

    /** True for transformers: trained with warm-up and linear decay of the learning rate. */
    boolean warmup();
}
