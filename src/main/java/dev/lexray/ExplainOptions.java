package dev.lexray;

import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.model.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to explain: the target, the LRP rule of the dense layers (with optional per-layer rules), the recurrent and
 * transformer rules, the precision, the batch size and the number of worker threads. Immutable; start from {@link #defaults()} and change it with
 * the {@code with} methods.
 *
 * @param method LRP (default) or a baseline method
 * @param rule the rule of every dense layer (hidden and classifier, and the linear maps inside encoders)
 * @param layerRules rules for layers by name or {@code *} pattern (e.g. {@code *.ffn_*}), overriding {@code rule}
 * @param recurrent epsilon and bias factor of the LSTM/GRU rules
 * @param transformer attention rule (CP-LRP or AttnLRP) and the epsilon of LayerNorm, residual and attention
 * @param target which score to explain (default: the predicted class)
 * @param precision float32 (default) or float64 arithmetic
 * @param batchSize texts (or windows of long texts) per padded batch; texts are sorted by length into batches
 * @param workers threads explaining batches at once (see {@link #defaultWorkers()})
 */
public record ExplainOptions(AttributionMethod method, Target target, Rule rule, Map<String, Rule> layerRules,
        RecurrentRule recurrent, TransformerRule transformer, Precision precision, int batchSize, int workers) {
    /** The batch size of {@link #defaults()} and of predict. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /**
     * Worker threads by default: one per core, each running libtorch with {@link TorchRuntime#threads()} intra-op
     * threads (1 by default), so that {@code workers * threads} is the number of cores. Measured on 2 cores (see
     * docs/performance.md): batches in parallel beat libtorch's own intra-op threads for these small models.
     */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / TorchRuntime.threads());
    }

    public ExplainOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        layerRules = Map.copyOf(layerRules);
    }

    /**
     * The predicted class; epsilon 0.001 and bias factor 0 (Arras et al.) for dense and recurrent layers, CP-LRP
     * for attention; float32.
     */
    public static ExplainOptions defaults() {
        Composite c = Composite.defaults();
        return new ExplainOptions(new AttributionMethod.Lrp(), Target.predicted(), c.denseRule(), Map.of(), c.recurrentRule(),
                c.transformerRule(), Precision.FLOAT32, DEFAULT_BATCH_SIZE, defaultWorkers());
    }

    /** Explains with another method (a baseline); the rules then do not apply. */
    public ExplainOptions withMethod(AttributionMethod m) {
        return new ExplainOptions(m, target, rule, layerRules, recurrent, transformer, precision, batchSize, workers);
    }

    /** The same options explaining another score (see {@link Target#parse(String, List)}). */
    public ExplainOptions withTarget(Target t) {
        return new ExplainOptions(method, t, rule, layerRules, recurrent, transformer, precision, batchSize, workers);
    }

    /**
     * The same options with another rule for every dense layer ({@code EpsilonRule}, {@code ZeroRule},
     * {@code GammaRule}, {@code AlphaBetaRule}, {@code ZPlusRule}, {@code WSquareRule}, {@code FlatRule} in
     * {@code dev.lexray.lrp}).
     */
    public ExplainOptions withRule(Rule r) {
        return new ExplainOptions(method, target, r, layerRules, recurrent, transformer, precision, batchSize, workers);
    }

    /** Adds a rule for the layers whose name matches {@code pattern} ({@code *} is a wildcard). */
    public ExplainOptions withLayerRule(String pattern, Rule r) {
        Map<String, Rule> m = new LinkedHashMap<>(layerRules);
        m.put(pattern, r);
        return new ExplainOptions(method, target, rule, m, recurrent, transformer, precision, batchSize, workers);
    }

    /**
     * Epsilon and bias factor everywhere: the dense epsilon rule, the recurrent rules, and (epsilon only) the
     * transformer rules.
     */
    public ExplainOptions withEpsilon(double epsilon, double biasFactor) {
        return new ExplainOptions(method, target, new EpsilonRule(epsilon, biasFactor), layerRules,
                new RecurrentRule(epsilon, biasFactor), new TransformerRule(transformer.attention(), epsilon),
                precision, batchSize, workers);
    }

    /** The same options with another epsilon and bias factor for the LSTM/GRU rules. */
    public ExplainOptions withRecurrent(RecurrentRule r) {
        return new ExplainOptions(method, target, rule, layerRules, r, transformer, precision, batchSize, workers);
    }

    /** The same options with another attention rule and transformer epsilon. */
    public ExplainOptions withTransformer(TransformerRule t) {
        return new ExplainOptions(method, target, rule, layerRules, recurrent, t, precision, batchSize, workers);
    }

    /** The same options with another attention rule (CP-LRP or AttnLRP), keeping the transformer epsilon. */
    public ExplainOptions withAttention(AttentionRule a) {
        return withTransformer(new TransformerRule(a, transformer.epsilon()));
    }

    /** The same options computing in another precision. */
    public ExplainOptions withPrecision(Precision p) {
        return new ExplainOptions(method, target, rule, layerRules, recurrent, transformer, p, batchSize, workers);
    }

    /** The same options with another batch size (at least 1); the results do not depend on it. */
    public ExplainOptions withBatchSize(int size) {
        return new ExplainOptions(method, target, rule, layerRules, recurrent, transformer, precision, size, workers);
    }

    /**
     * Batches explained at once, each on its own thread with its own tensors; the model's weights are shared. The
     * results do not depend on it.
     */
    public ExplainOptions withWorkers(int n) {
        return new ExplainOptions(method, target, rule, layerRules, recurrent, transformer, precision, batchSize, n);
    }

    Composite composite() {
        Composite c = Composite.uniform(rule, recurrent).withTransformer(transformer);
        for (Map.Entry<String, Rule> e : layerRules.entrySet()) {
            c = c.withLayer(e.getKey(), e.getValue());
        }
        return c;
    }
}
