package dev.lexray.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.lexray.ExplainOptions;
import dev.lexray.LexrayJson;
import dev.lexray.Precision;
import dev.lexray.RuleSettings;
import dev.lexray.Target;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.Composite;
import dev.lexray.runtime.LexrayException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a Spark job explains with: the model directory and a serialisable description of {@link ExplainOptions}
 * (whose rule objects do not travel to executors). The method and the LRP composite travel as the JSON that
 * {@code lexray explain} prints ({@link RuleSettings}, the one registry of rule and method names), so they are read
 * back exactly. Each executor turns it back into {@code ExplainOptions} with {@link #toExplainOptions(List)} against
 * the model's labels. Immutable.
 *
 * @param modelDir the model directory as every executor sees it: a path on shared storage, or the name (or link
 *     name) of a directory shipped with {@code --archives}/{@code --files}, looked up in the executor's working
 *     directory and then with {@code SparkFiles.get}
 * @param method the attribution method's name ({@code lrp}, {@code gradient}, ...)
 * @param methodParameters the method's parameters as a JSON object ({@code AttributionMethod.parameters()})
 * @param rule the LRP composite as a JSON {@code rule} object ({@code RuleSettings.of(composite)})
 * @param precision {@code float32} or {@code float64}
 * @param target the class to explain, in the CLI form: {@code predicted}, a label, an index, or {@code A-vs-B}
 * @param batchSize texts per padded batch
 * @param chunkSize rows a task hands to the library per call ({@link ExplainOptions}'s length buckets sort within
 *     a chunk, so longer chunks pad less); a task holds one chunk's rows and results at a time
 * @param workers threads per task explaining batches at once: 1 by default, since Spark already runs one task per
 *     core (more oversubscribes the executor unless it has spare cores per task, {@code spark.task.cpus})
 */
public record SparkExplainOptions(String modelDir, String method, String methodParameters, String rule,
        String precision, String target, int batchSize, int chunkSize, int workers) implements Serializable {
    /** Rows per library call unless asked otherwise: the chunk of {@code lexray explain --input}. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;

    private static final long serialVersionUID = 2L;

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
        method = method == null || method.isBlank() ? "lrp" : method;
        methodParameters = methodParameters == null || methodParameters.isBlank() ? "{}" : methodParameters;
        rule = rule == null || rule.isBlank() ? LexrayJson.toLine(RuleSettings.of(Composite.defaults())) : rule;
        precision = precision == null ? "float32" : precision;
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
        return new SparkExplainOptions(modelDir, options.method().name(), LexrayJson.toLine(options.method().parameters()),
                LexrayJson.toLine(RuleSettings.of(options.composite())), options.precision().jsonName(),
                targetSpec(options.target()), options.batchSize(), DEFAULT_CHUNK_SIZE, 1);
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
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, precision, spec, batchSize, chunkSize,
                workers);
    }

    public SparkExplainOptions withBatchSize(int size) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, precision, target, size, chunkSize,
                workers);
    }

    public SparkExplainOptions withModelDir(String dir) {
        return new SparkExplainOptions(dir, method, methodParameters, rule, precision, target, batchSize, chunkSize,
                workers);
    }

    public SparkExplainOptions withChunkSize(int size) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, precision, target, batchSize, size,
                workers);
    }

    public SparkExplainOptions withWorkers(int n) {
        return new SparkExplainOptions(modelDir, method, methodParameters, rule, precision, target, batchSize,
                chunkSize, n);
    }

    /**
     * The options without their target (which needs the model's labels): fails on the driver, before any task
     * runs, for an unknown rule, method or precision.
     */
    public ExplainOptions baseOptions() {
        try {
            RuleSettings settings = LexrayJson.mapper().readValue(rule, RuleSettings.class);
            Map<String, Object> parameters = LexrayJson.mapper().readValue(methodParameters,
                    new TypeReference<Map<String, Object>>() {});
            return ExplainOptions.defaults()
                    .withMethod(Methods.forName(method, parameters))
                    .withComposite(settings.toComposite())
                    .withPrecision(Precision.parse(precision))
                    .withBatchSize(batchSize)
                    .withWorkers(workers);
        } catch (JsonProcessingException e) {
            throw new LexrayException("the rule settings are not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage(), e);
        }
    }

    /** The library's options, with the target read against the model's labels. */
    public ExplainOptions toExplainOptions(List<String> labels) {
        return baseOptions().withTarget(Target.parse(target, labels));
    }
}
