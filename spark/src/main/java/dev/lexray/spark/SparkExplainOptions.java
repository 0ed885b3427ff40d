package dev.lexray.spark;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayException;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.FlatRule;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.lrp.WSquareRule;
import dev.lexray.lrp.ZPlusRule;
import dev.lexray.lrp.ZeroRule;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Spark job explains with: the model directory and a serialisable description of {@link ExplainOptions}
 * (whose rule objects do not travel to executors). Each executor turns it back into {@code ExplainOptions} with
 * {@link #toExplainOptions(List)} against the model's labels. Immutable.
 *
 * @param modelDir the model directory as every executor sees it: a path on shared storage, or the name (or link
 *     name) of a directory shipped with {@code --archives}/{@code --files}, looked up in the executor's working
 *     directory and then with {@code SparkFiles.get}
 * @param method the attribution method as the CLI spells it ({@code lrp}, {@code gradient}, ...)
 * @param methodParameters the method's parameters as {@code AttributionMethod.parameters()} reports them
 * @param rule the rule of every dense layer
 * @param layerRules rules for layers by name or {@code *} pattern
 * @param recurrentEpsilon epsilon of the LSTM/GRU rules
 * @param recurrentBiasFactor bias factor of the LSTM/GRU rules
 * @param attention attention rule of transformers ({@code cp-lrp} or {@code attnlrp})
 * @param transformerEpsilon epsilon of the transformer-specific rules
 * @param precision {@code FLOAT32} or {@code FLOAT64}
 * @param target the class to explain, in the CLI form: {@code predicted}, a label, an index, or {@code A-vs-B}
 * @param batchSize texts per padded batch
 * @param chunkSize rows a task hands to the library per call ({@link ExplainOptions}'s length buckets sort within
 *     a chunk, so longer chunks pad less); a task holds one chunk's rows and results at a time
 * @param workers threads per task explaining batches at once: 1 by default, since Spark already runs one task per
 *     core (more oversubscribes the executor unless it has spare cores per task, {@code spark.task.cpus})
 */
public record SparkExplainOptions(String modelDir, String method, Map<String, Double> methodParameters,
        RuleSpec rule, Map<String, RuleSpec> layerRules, double recurrentEpsilon, double recurrentBiasFactor,
        String attention, double transformerEpsilon, String precision, String target, int batchSize, int chunkSize,
        int workers) implements Serializable {
    /** Rows per library call unless asked otherwise: the chunk of {@code lexray explain --input}. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;

    private static final long serialVersionUID = 1L;

    /** A rule by name ({@code epsilon}, {@code zero}, {@code gamma}, ...) and its parameters. */
    public record RuleSpec(String name, Map<String, Double> parameters) implements Serializable {
        private static final long serialVersionUID = 1L;

        public RuleSpec {
            parameters = new TreeMap<>(parameters == null ? Map.of() : parameters);
        }

        public static RuleSpec of(Rule rule) {
            return new RuleSpec(rule.name(), rule.parameters());
        }

        /** The rule object; the parameters a rule needs and lacks take the CLI's defaults. */
        public Rule toRule() {
            return switch (name) {
                case "epsilon" -> new EpsilonRule(get("epsilon", 0.001), get("bias_factor", 0));
                case "zero" -> new ZeroRule(get("bias_factor", 0));
                case "gamma" -> new GammaRule(get("gamma", 0.25));
                case "alpha-beta", "alphabeta" -> new AlphaBetaRule(get("alpha", 1), get("beta", 0));
                case "zplus", "z+" -> new ZPlusRule();
                case "wsquare", "w2" -> new WSquareRule();
                case "flat" -> new FlatRule();
                default -> throw new LexrayException("unknown rule '" + name
                        + "': use epsilon, zero, gamma, alpha-beta, zplus, wsquare or flat");
            };
        }

        private double get(String key, double fallback) {
            return parameters.getOrDefault(key, fallback);
        }
    }

    public SparkExplainOptions {
        if (modelDir == null || modelDir.isBlank()) {
            throw new IllegalArgumentException("the model directory is missing");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        methodParameters = new TreeMap<>(methodParameters == null ? Map.of() : methodParameters);
        layerRules = new TreeMap<>(layerRules == null ? Map.of() : layerRules);
        target = target == null || target.isBlank() ? "predicted" : target;
    }

    /** The library's defaults ({@link ExplainOptions#defaults()}) for the model in {@code modelDir}. */
    public static SparkExplainOptions defaults(String modelDir) {
        return of(modelDir, ExplainOptions.defaults());
    }

    public static SparkExplainOptions defaults(Path modelDir) {
        return defaults(modelDir.toString());
    }

    /**
     * The same options as {@code options}, for the model in {@code modelDir}, but one worker per task (see
     * {@link #workers()}; {@link #withWorkers} to change it) and chunks of {@link #DEFAULT_CHUNK_SIZE} rows.
     */
    public static SparkExplainOptions of(String modelDir, ExplainOptions options) {
        Map<String, RuleSpec> layers = new TreeMap<>();
        options.layerRules().forEach((k, v) -> layers.put(k, RuleSpec.of(v)));
        return new SparkExplainOptions(modelDir, options.method().name(), options.method().parameters(),
                RuleSpec.of(options.rule()), layers, options.recurrent().epsilon(), options.recurrent().biasFactor(),
                options.transformer().attention().cliName(), options.transformer().epsilon(),
                options.precision().name(), targetSpec(options.target()), options.batchSize(), DEFAULT_CHUNK_SIZE, 1);
    }

    public static SparkExplainOptions of(Path modelDir, ExplainOptions options) {
        return of(modelDir.toString(), options);
    }

    /** The CLI form of a target: {@code predicted}, an index, a label, or {@code A-vs-B}. */
    public static String targetSpec(Target t) {
        if (t instanceof Target.Index i) {
            return Integer.toString(i.index());
        }
        if (t instanceof Target.Label l) {
            return l.label();
        }
        if (t instanceof Target.Contrast c) {
            return targetSpec(c.first()) + "-vs-" + targetSpec(c.second());
        }
        return "predicted";
    }

    public SparkExplainOptions withTarget(String spec) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, layerRules, recurrentEpsilon,
                recurrentBiasFactor, attention, transformerEpsilon, precision, spec, batchSize, chunkSize, workers);
    }

    public SparkExplainOptions withBatchSize(int size) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, layerRules, recurrentEpsilon,
                recurrentBiasFactor, attention, transformerEpsilon, precision, target, size, chunkSize, workers);
    }

    public SparkExplainOptions withModelDir(String dir) {
        return new SparkExplainOptions(dir, method, methodParameters, rule, layerRules, recurrentEpsilon,
                recurrentBiasFactor, attention, transformerEpsilon, precision, target, batchSize, chunkSize, workers);
    }

    public SparkExplainOptions withChunkSize(int size) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, layerRules, recurrentEpsilon,
                recurrentBiasFactor, attention, transformerEpsilon, precision, target, batchSize, size, workers);
    }

    public SparkExplainOptions withWorkers(int n) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, layerRules, recurrentEpsilon,
                recurrentBiasFactor, attention, transformerEpsilon, precision, target, batchSize, chunkSize, n);
    }

    /**
     * The options without their target (which needs the model's labels): fails on the driver, before any task
     * runs, for an unknown rule, method or precision.
     */
    public ExplainOptions baseOptions() {
        try {
            ExplainOptions o = ExplainOptions.defaults()
                    .withMethod(toMethod())
                    .withRule(rule.toRule())
                    .withRecurrent(new RecurrentRule(recurrentEpsilon, recurrentBiasFactor))
                    .withTransformer(new TransformerRule(AttentionRule.parse(attention), transformerEpsilon))
                    .withPrecision(toPrecision())
                    .withBatchSize(batchSize)
                    .withWorkers(workers);
            for (Map.Entry<String, RuleSpec> e : layerRules.entrySet()) {
                o = o.withLayerRule(e.getKey(), e.getValue().toRule());
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage(), e);
        }
    }

    /** The library's options, with the target read against the model's labels. */
    public ExplainOptions toExplainOptions(List<String> labels) {
        return baseOptions().withTarget(Target.parse(target, labels));
    }

    private AttributionMethod toMethod() {
        Map<String, Double> p = methodParameters;
        AttributionMethod.Baseline baseline = p.getOrDefault("zero_baseline", 0.0) == 1.0
                ? AttributionMethod.Baseline.ZERO : AttributionMethod.Baseline.PAD;
        AttributionMethod.OcclusionMode mode = p.containsKey("mode_pad") ? AttributionMethod.OcclusionMode.PAD
                : p.containsKey("mode_delete") ? AttributionMethod.OcclusionMode.DELETE
                : AttributionMethod.OcclusionMode.UNK;
        return AttributionMethod.parse(method, (int) (double) p.getOrDefault("steps", 50.0), baseline, mode,
                (int) (double) p.getOrDefault("samples", 1000.0), (long) (double) p.getOrDefault("seed", 0.0));
    }

    private Precision toPrecision() {
        return switch (precision.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "fp32" -> Precision.FLOAT32;
            case "float64", "fp64", "double" -> Precision.FLOAT64;
            default -> throw new LexrayException("unknown precision '" + precision + "': use float32 or float64");
        };
    }
}
