package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.TextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final int window;
    private final boolean ownsEncoder;

    /**
     * @param window the most tokens (special tokens included) one forward pass may take, 0 for no limit
     */
    public SequentialClassifier(Path directory, ModelConfig config, List<String> labels, TextEncoder encoder,
            List<Layer> layers, Parameters parameters, int window) {
        this(directory, config, labels, encoder, layers, parameters, window, true);
    }

    private SequentialClassifier(Path directory, ModelConfig config, List<String> labels, TextEncoder encoder,
            List<Layer> layers, Parameters parameters, int window, boolean ownsEncoder) {
        this.ownsEncoder = ownsEncoder;
        this.directory = directory;
        this.config = config;
        this.labels = List.copyOf(labels);
        this.encoder = encoder;
        this.layers = List.copyOf(layers);
        this.parameters = parameters;
        this.window = window;
    }

    /** The most tokens one forward pass takes (special tokens included), 0 for no limit. */
    public int window() {
        return window;
    }

    /** True for BERT-family encoders (subword tokens, special tokens, attention). */
    public boolean isTransformer() {
        return layers.get(0) instanceof TransformerEmbeddingLayer;
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

    /**
     * A root manager for one batch of this model, on the model's device (see {@code LoadOptions#device}); the caller
     * closes it.
     */
    public NDManager newManager() {
        return TorchRuntime.newManager(parameters.device());
    }

    /** Runs the batch through every layer, keeping what relevance propagation needs. */
    public Trace forward(SequenceBatch batch) {
        return forward(batch, false);
    }

    /**
     * The logits {@code [B,C]} only: a forward pass that keeps nothing for relevance propagation. Each layer runs in
     * a tensor scope of its own that frees its intermediates (gates, attention scores) when it returns, and a layer's
     * output is freed once the next layer has read it, so memory holds about two layers' activations, not the whole
     * trace. The logits equal {@code forward(batch).logits()} exactly (the same operations, freed earlier).
     */
    public NDArray logits(SequenceBatch batch) {
        ForwardContext context = ForwardContext.forwardOnly(parameters, batch.dtype(), batch);
        NDArray x = batch.ids();
        for (Layer layer : layers) {
            NDArray in = x;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                x = layer.forward(in, context).output();
                NDScope.unregister(x);
            }
            NDScope.register(x); // the caller's scope frees it, as it frees everything else of the batch
            if (in != batch.ids() && in != x) {
                in.close();
            }
        }
        return x;
    }

    /**
     * @param detachForGradient the CP-LRP view of the network for gradient checks (see {@link ForwardContext})
     */
    public Trace forward(SequenceBatch batch, boolean detachForGradient) {
        return forward(new ForwardContext(parameters, batch.dtype(), batch, detachForGradient, true));
    }

    /**
     * The trace LRP with this attention rule reads: without AttnLRP's softmax rule, attention scores are left out
     * ({@link ForwardContext#keepScores}), two {@code [B,heads,T,T]} arrays per layer.
     */
    public Trace forwardFor(SequenceBatch batch, boolean attentionScores) {
        return forward(new ForwardContext(parameters, batch.dtype(), batch, false, attentionScores));
    }

    private Trace forward(ForwardContext context) {
        SequenceBatch batch = context.batch();
        List<Step> steps = new ArrayList<>(layers.size());
        NDArray x = batch.ids();
        for (Layer layer : layers) {
            // A scope per layer frees what the layer computed and its step does not keep (pre-activations, products
            // before scaling, sums before a norm): the trace holds what propagation reads, no more.
            Step step;
            List<NDArray> kept;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                step = layer.forward(x, context);
                kept = StepArrays.of(step).stream().filter(a -> !parameters.owns(a)).toList();
                kept.forEach(NDScope::unregister);
            }
            kept.forEach(NDScope::register); // the caller's scope frees them with the batch
            steps.add(step);
            x = step.output();
        }
        return new Trace(steps, x, batch);
    }

    public DataType defaultType() {
        return DataType.FLOAT32;
    }

    /**
     * The input embeddings {@code [B,T,E]} of a batch: the word embeddings of word-level models, the summed word +
     * position + type embeddings (before LayerNorm) of transformers. Gradient methods attach gradients here.
     */
    public NDArray embed(SequenceBatch batch) {
        ForwardContext context = ForwardContext.forwardOnly(parameters, batch.dtype(), batch);
        Layer first = layers.get(0);
        if (first instanceof TransformerEmbeddingLayer t) {
            return t.embed(batch.ids(), context);
        }
        return ((EmbeddingLayer) first).forward(batch.ids(), context).output();
    }

    /** The logits {@code [B,C]} computed from given input embeddings (see {@link #embed}). */
    public NDArray logitsFromEmbeddings(NDArray embeddings, SequenceBatch batch) {
        ForwardContext context = ForwardContext.forwardOnly(parameters, batch.dtype(), batch);
        NDArray x = embeddings;
        Layer first = layers.get(0);
        if (first instanceof TransformerEmbeddingLayer t) {
            x = t.forwardFrom(embeddings, context).output();
        }
        for (int i = 1; i < layers.size(); i++) {
            x = layers.get(i).forward(x, context).output();
        }
        return x;
    }

    /**
     * Where gradient methods take their gradient {@code [B,T,E]}: the word embeddings of word-level models, the word
     * (token) embeddings alone of transformers (HF's {@code inputs_embeds}, as Captum's attributions for BERT). The
     * summed embedding of {@link #embed} is no place for them: it feeds a LayerNorm, which is invariant to its
     * input's scale, so gradient x input there is zero by construction.
     */
    public NDArray inputEmbeddings(SequenceBatch batch) {
        ForwardContext context = ForwardContext.forwardOnly(parameters, batch.dtype(), batch);
        Layer first = layers.get(0);
        if (first instanceof TransformerEmbeddingLayer t) {
            return t.wordEmbeddings(batch.ids(), context);
        }
        return ((EmbeddingLayer) first).forward(batch.ids(), context).output();
    }

    /**
     * The logits {@code [B,C]} computed from given input embeddings (see {@link #inputEmbeddings}); a transformer
     * adds the batch's position and type embeddings as constants.
     */
    public NDArray logitsFromInputEmbeddings(NDArray inputs, SequenceBatch batch) {
        ForwardContext context = ForwardContext.forwardOnly(parameters, batch.dtype(), batch);
        NDArray x = inputs;
        Layer first = layers.get(0);
        if (first instanceof TransformerEmbeddingLayer t) {
            x = t.forwardFromWords(inputs, batch.ids(), context).output();
        }
        for (int i = 1; i < layers.size(); i++) {
            x = layers.get(i).forward(x, context).output();
        }
        return x;
    }

    /** The weights (shared, read-only); for gradient methods that run parts of the forward themselves. */
    public Parameters parameters() {
        return parameters;
    }

    /**
     * The names of the layers that hold weights, from the input (embedding) to the output (classifier), as
     * each declares them ({@link Layer#parameterNames}).
     */
    public List<String> weightedLayers() {
        List<String> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (!layer.parameterNames().isEmpty()) {
                out.add(layer.name());
            }
        }
        return out;
    }

    /** The tensors a layer reads; kept for callers, the layer itself declares them. */
    public static List<String> parameterNames(Layer layer) {
        return layer.parameterNames();
    }

    /**
     * The same network with some weights replaced (the randomisation sanity check). It shares this model's
     * encoder, which only this model closes; close the copy to free its weights.
     */
    public SequentialClassifier withTensors(Map<String, Tensor> replacements) {
        return new SequentialClassifier(directory, config, labels, encoder, layers,
                parameters.withReplaced(replacements), window, false);
    }

    @Override
    public void close() {
        parameters.close();
        if (ownsEncoder && encoder instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
