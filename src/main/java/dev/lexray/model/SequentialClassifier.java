package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lexray.text.TextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A word-level classifier as a chain of layers: embedding, then recurrent layers and time pooling or pooling and
 * dense layers, ending in the classifier. Immutable; its weights are shared read-only between threads.
 */
public final class SequentialClassifier implements AutoCloseable {
    private final Path directory;
    private final ModelConfig config;
    private final List<String> labels;
    private final TextEncoder encoder;
    private final List<Layer> layers;
    private final Parameters parameters;

    public SequentialClassifier(Path directory, ModelConfig config, List<String> labels, TextEncoder encoder,
            List<Layer> layers, Parameters parameters) {
        this.directory = directory;
        this.config = config;
        this.labels = List.copyOf(labels);
        this.encoder = encoder;
        this.layers = List.copyOf(layers);
        this.parameters = parameters;
    }

    public Path directory() {
        return directory;
    }

    public ModelConfig config() {
        return config;
    }

    public String architecture() {
        return config.architecture();
    }

    public List<String> labels() {
        return labels;
    }

    public TextEncoder encoder() {
        return encoder;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Runs the batch through every layer, keeping what relevance propagation needs. */
    public Trace forward(SequenceBatch batch) {
        ForwardContext context = new ForwardContext(parameters, batch.dtype(), batch);
        List<Step> steps = new ArrayList<>(layers.size());
        NDArray x = batch.ids();
        for (Layer layer : layers) {
            Step step = layer.forward(x, context);
            steps.add(step);
            x = step.output();
        }
        return new Trace(steps, x, batch);
    }

    public DataType defaultType() {
        return DataType.FLOAT32;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
