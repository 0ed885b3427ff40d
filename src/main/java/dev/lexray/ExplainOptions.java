package dev.lexray;

import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.runtime.TorchRuntime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to explain: the method, the target, the LRP composite (which rule each layer gets), the precision, the batch
 * size and the number of worker threads. Immutable; start from {@link #defaults()} and change it with the
 * {@code with} methods.
 *
 * @param method LRP (default) or a baseline method
 * @param target which score to explain (default: the predicted class)
 * @param composite the LRP rules: dense rule, per-layer rules (first matching pattern wins), input-layer rule,
 *     recurrent and transformer rules
 * @param precision float32 (default) or float64 arithmetic
 * @param batchSize the most texts (or windows of long texts) per padded batch; texts are sorted by length into
 *     batches
 * @param workers threads explaining batches at once (see {@link #defaultWorkers()})
 * @param tokenBudget the most token equivalents per padded batch (see {@link #withTokenBudget(int)})
 * @param layers whether to report the relevance inside the network ({@link Explanation#layers()}), and how many
 *     hidden units per layer (see {@link #withLayers(boolean)}, {@link #withTopNeurons(int)})
 */
public record ExplainOptions(AttributionMethod method, Target target, Composite composite, Precision precision,
        int batchSize, int workers, int tokenBudget, LayerDetail layers) {
    /**
     * What {@link Explanation#layers()} holds: nothing (the default, as small and fast as before), or per layer the
     * relevance sums, heads and token positions and the {@code topNeurons} most relevant hidden units (0 for none).
     */
    public record LayerDetail(boolean enabled, int topNeurons) {
        /** No layers: the default. */
        public static final LayerDetail NONE = new LayerDetail(false, 0);

        public LayerDetail {
            if (topNeurons < 0) {
                throw new IllegalArgumentException("the number of top neurons cannot be negative");
            }
            if (topNeurons > 0 && !enabled) {
                throw new IllegalArgumentException("top neurons are part of the layers: enable them too");
            }
        }
    }

    /** The batch size of {@link #defaults()} and of predict. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /**
     * The token budget of {@link #defaults()}: 32 texts of 512 tokens on a recurrent or bag model. Sentences (SST-2,
     * up to about 60 tokens) still go 32 to a batch on every shipped model, as before budgets; a long text goes
     * alone instead of making 31 others as long as itself.
     */
    public static final int DEFAULT_TOKEN_BUDGET = 16_384;

    /**
     * Worker threads by default: one per core, each running libtorch with {@link TorchRuntime#threads()} intra-op
     * threads (1 by default), so that {@code workers * threads} is the number of cores. Measured on 2 cores (see
     * docs/performance.md): batches in parallel beat libtorch's own intra-op threads for these small models.
     */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / TorchRuntime.threads());
    }

    public ExplainOptions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(composite, "composite");
        Objects.requireNonNull(precision, "precision");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("token budget must be at least 1");
        }
        Objects.requireNonNull(layers, "layers");
    }

    /** Options without layers. */
    public ExplainOptions(AttributionMethod method, Target target, Composite composite, Precision precision,
            int batchSize, int workers, int tokenBudget) {
        this(method, target, composite, precision, batchSize, workers, tokenBudget, LayerDetail.NONE);
    }

    /** Options with the {@linkplain #DEFAULT_TOKEN_BUDGET default token budget}. */
    public ExplainOptions(AttributionMethod method, Target target, Composite composite, Precision precision,
            int batchSize, int workers) {
        this(method, target, composite, precision, batchSize, workers, DEFAULT_TOKEN_BUDGET, LayerDetail.NONE);
    }

    /**
     * The predicted class; epsilon 0.001 and bias factor 0 (Arras et al.) for dense and recurrent layers, CP-LRP
     * for attention; float32.
     */
    public static ExplainOptions defaults() {
        return new ExplainOptions(new AttributionMethod.Lrp(), Target.predicted(), Composite.defaults(),
                Precision.FLOAT32, DEFAULT_BATCH_SIZE, defaultWorkers(), DEFAULT_TOKEN_BUDGET, LayerDetail.NONE);
    }

    /** The rule of every dense layer that no per-layer rule names. */
    public Rule rule() {
        return composite.dense();
    }

    /** Per-layer rules by name pattern, in precedence order (the first matching pattern wins). */
    public Map<String, Rule> layerRules() {
        Map<String, Rule> m = new LinkedHashMap<>();
        composite.layerRules().forEach(r -> m.put(r.pattern(), r.rule()));
        return Collections.unmodifiableMap(m);
    }

    /** Epsilon and bias factor of the LSTM/GRU rules. */
    public RecurrentRule recurrent() {
        return composite.recurrent();
    }

    /** Attention rule, epsilon and bias factor of the transformer-specific parts. */
    public TransformerRule transformer() {
        return composite.transformer();
    }

    /** Explains with another method (a baseline); the rules then do not apply. */
    public ExplainOptions withMethod(AttributionMethod m) {
        return new ExplainOptions(m, target, composite, precision, batchSize, workers, tokenBudget, layers);
    }

    /** The same options explaining another score (see {@link Target#parse(String, List)}). */
    public ExplainOptions withTarget(Target t) {
        return new ExplainOptions(method, t, composite, precision, batchSize, workers, tokenBudget, layers);
    }

    /** The same options with another composite (all LRP rules at once). */
    public ExplainOptions withComposite(Composite c) {
        return new ExplainOptions(method, target, c, precision, batchSize, workers, tokenBudget, layers);
    }

    /**
     * The same options with another rule for every dense layer ({@code EpsilonRule}, {@code ZeroRule},
     * {@code GammaRule}, {@code AlphaBetaRule}, {@code ZPlusRule}, {@code WSquareRule}, {@code FlatRule} in
     * {@code dev.lexray.lrp}, or {@code Rules.forName(name, parameters)}).
     */
    public ExplainOptions withRule(Rule r) {
        return withComposite(composite.withDense(r));
    }

    /**
     * Adds a rule for the layers whose name matches {@code pattern} ({@code *} is a wildcard). When several
     * patterns match a layer, the one added first wins.
     */
    public ExplainOptions withLayerRule(String pattern, Rule r) {
        return withComposite(composite.withLayer(pattern, r));
    }

    /**
     * Epsilon and bias factor everywhere: the dense epsilon rule, the recurrent rules, and the transformer rules.
     */
    public ExplainOptions withEpsilon(double epsilon, double biasFactor) {
        return withComposite(composite.withDense(new EpsilonRule(epsilon, biasFactor))
                .withRecurrent(new RecurrentRule(epsilon, biasFactor))
                .withTransformer(new TransformerRule(transformer().attention(), epsilon, biasFactor,
                        transformer().wordEmbeddingsOnly())));
    }

    /** The same options with another epsilon and bias factor for the LSTM/GRU rules. */
    public ExplainOptions withRecurrent(RecurrentRule r) {
        return withComposite(composite.withRecurrent(r));
    }

    /** The same options with another attention rule, transformer epsilon and bias factor. */
    public ExplainOptions withTransformer(TransformerRule t) {
        return withComposite(composite.withTransformer(t));
    }

    /** The same options with another attention rule (CP-LRP or AttnLRP), keeping the transformer epsilon. */
    public ExplainOptions withAttention(AttentionRule a) {
        TransformerRule t = transformer();
        return withTransformer(new TransformerRule(a, t.epsilon(), t.biasFactor(), t.wordEmbeddingsOnly()));
    }

    /** The same options computing in another precision. */
    public ExplainOptions withPrecision(Precision p) {
        return new ExplainOptions(method, target, composite, p, batchSize, workers, tokenBudget, layers);
    }

    /** The same options with another batch size (at least 1); the results do not depend on it. */
    public ExplainOptions withBatchSize(int size) {
        return new ExplainOptions(method, target, composite, precision, size, workers, tokenBudget, layers);
    }

    /**
     * Batches explained at once, each on its own thread with its own tensors; the model's weights are shared. The
     * results do not depend on it.
     */
    public ExplainOptions withWorkers(int n) {
        return new ExplainOptions(method, target, composite, precision, batchSize, n, tokenBudget, layers);
    }

    /**
     * The same options with another token budget (at least 1): a padded batch of B texts of T tokens costs
     * {@code B*T} token equivalents, and on a transformer also its attention scores, {@code B*T*T*heads/hidden}
     * (the scores counted in hidden-width vectors, so one budget weighs both). Batches are cut from the
     * length-sorted texts so that none costs more than the budget or holds more than {@link #batchSize()} texts; a
     * text that alone costs more goes in a batch of its own. Memory grows with the budget, not with the longest text
     * times the batch size. The results do not depend on it.
     */
    public ExplainOptions withTokenBudget(int budget) {
        return new ExplainOptions(method, target, composite, precision, batchSize, workers, budget, layers);
    }

    /**
     * The same options reporting (or not) the relevance inside the network: per layer what entered it and what it
     * absorbed, per attention head and per token position ({@link Explanation#layers()}). LRP only; it costs one
     * small copy per layer (see the README for the measured cost).
     */
    public ExplainOptions withLayers(boolean enabled) {
        return new ExplainOptions(method, target, composite, precision, batchSize, workers, tokenBudget,
                new LayerDetail(enabled, enabled ? layers.topNeurons() : 0));
    }

    /**
     * The same options with the layers and, per dense or recurrent layer, the {@code k} hidden units with the
     * largest |relevance| ({@link LayerRelevance#neurons()}); 0 keeps the layers without neurons.
     */
    public ExplainOptions withTopNeurons(int k) {
        return new ExplainOptions(method, target, composite, precision, batchSize, workers, tokenBudget,
                new LayerDetail(true, k));
    }
}
