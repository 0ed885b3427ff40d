package dev.lexray.spark;

import dev.lexray.ExplainOptions;
import dev.lexray.Precision;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.Composites;
import dev.lexray.runtime.LexrayException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code spark-submit} entry point: explains a column of texts and writes the input rows with the explanation
 * columns of {@link LexraySpark#explain}, and optionally the corpus summary of {@link CorpusSummary}.
 *
 * <pre>
 * spark-submit --class dev.lexray.spark.ExplainJob lexray-spark-all.jar \
 *   --model DIR --input PATH --format jsonl|parquet|csv|tsv --text-column text --output PATH
 * </pre>
 */
@Command(name = "ExplainJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explains a column of texts on Spark; writes the rows with the explanation added.")
public final class ExplainJob implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory as the executors see it (shared storage, or the name given with "
                    + "--archives model.tgz#NAME).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input file or folder.")
    String input;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "F",
            description = "Input format: jsonl, parquet, csv (header line) or tsv (header line, no quoting) "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "COL",
            description = "Column holding the texts (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output folder.")
    String output;

    @Option(names = "--output-format", paramLabel = "F",
            description = "jsonl, parquet, csv or tsv (default: the input's format). CSV and TSV hold the nested "
                    + "columns as JSON text.")
    String outputFormat;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists (a summary file is always replaced).")
    boolean overwrite;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Also write the corpus summary (top words per class) as JSON to FILE.")
    String summary;

    @Option(names = "--top", defaultValue = "" + CorpusSummary.DEFAULT_TOP, paramLabel = "N",
            description = "Words per class and sign in the summary (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Spread the input over N partitions first; 0 (default): 4 per core when the input "
                    + "has fewer partitions than cores (one small file is one partition), else as read.")
    int partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not run by spark-submit (default: spark.master, else local[*]).")
    String master;

    @Option(names = "--target", defaultValue = "predicted", paramLabel = "T",
            description = "Class to explain: predicted, a label, an index, or A-vs-B (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--method", defaultValue = "lrp", paramLabel = "M",
            description = "lrp (default), or a baseline: gradient, gradient-x-input, integrated-gradients, "
                    + "occlusion, lime, random (with their default parameters).")
    String method;

    @Option(names = "--rule", defaultValue = "epsilon", paramLabel = "RULE",
            description = "Rule of every dense layer: epsilon, zero, gamma, alpha-beta, zplus, wsquare, flat, or "
                    + "deep-taylor, cp-lrp, attnlrp (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--ignore-bias",
            description = "gamma, alpha-beta, zplus and wsquare leave biases out (zennit's zero_params=['bias']).")
    boolean ignoreBias;

    @Option(names = "--attention", defaultValue = "cp-lrp", paramLabel = "A",
            description = "Attention rule of transformers: cp-lrp or attnlrp (default: ${DEFAULT-VALUE}).")
    String attention;

    @Option(names = "--epsilon", defaultValue = "" + Composite.DEFAULT_EPSILON, paramLabel = "E",
            description = "Stabiliser of the epsilon rules (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--bias-factor", defaultValue = "" + Composite.DEFAULT_BIAS_FACTOR, paramLabel = "B",
            description = "Share of bias and stabiliser handed back to the inputs (default: ${DEFAULT-VALUE}).")
    double biasFactor;

    @Option(names = "--gamma", defaultValue = "0.25", paramLabel = "G", description = "Gamma (default: 0.25).")
    double gamma;

    @Option(names = "--alpha", defaultValue = "1", paramLabel = "A", description = "Alpha (default: 1).")
    double alpha;

    @Option(names = "--beta", defaultValue = "0", paramLabel = "B", description = "Beta (default: 0).")
    double beta;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "P",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--batch-size", defaultValue = "" + ExplainOptions.DEFAULT_BATCH_SIZE, paramLabel = "N",
            description = "Texts per padded batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--chunk-size", defaultValue = "" + SparkExplainOptions.DEFAULT_CHUNK_SIZE, paramLabel = "N",
            description = "Rows per library call; batches are sorted by length within it (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Threads per task explaining batches at once (default: ${DEFAULT-VALUE}: Spark runs a task "
                    + "per core already).")
    int workers;

    private SparkSession session;

    public static void main(String[] args) {
        System.exit(commandLine(new ExplainJob()).execute(args));
    }

    /** Runs the job on an existing session (which stays open); the exit code as from {@link #main}. */
    public static int run(SparkSession spark, String... args) {
        ExplainJob job = new ExplainJob();
        job.session = spark;
        return commandLine(job).execute(args);
    }

    static CommandLine commandLine(Object job) {
        CommandLine cl = new CommandLine(job);
        cl.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof LexrayException || e instanceof IllegalArgumentException) {
                c.getErr().println(c.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    SparkExplainOptions options() {
        try {
            Map<String, Object> pool = Map.of("epsilon", epsilon, "bias_factor", biasFactor, "gamma", gamma,
                    "alpha", alpha, "beta", beta, "ignore_bias", ignoreBias, "attention", attention);
            ExplainOptions o = ExplainOptions.defaults()
                    .withMethod(Methods.fromOptions(method, Map.of()))
                    .withComposite(Composites.forName(rule, pool))
                    .withPrecision(Precision.parse(precision))
                    .withBatchSize(batchSize);
            return SparkExplainOptions.of(model, o).withTarget(target).withChunkSize(chunkSize).withWorkers(workers);
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        SparkExplainOptions options = options();
        JobIO.Format in = JobIO.Format.parse(format);
        JobIO.Format out = outputFormat == null ? in : JobIO.Format.parse(outputFormat);
        SparkSession spark = session != null ? session : Jobs.session("lexray-explain", master);
        try {
            Dataset<Row> texts = Jobs.spread(JobIO.read(spark, in, input), partitions);
            Dataset<Row> explained = LexraySpark.explain(texts, textColumn, options);
            if (summary != null) {
                explained = explained.persist(StorageLevel.MEMORY_AND_DISK());
            }
            long start = System.nanoTime();
            JobIO.write(explained, out, output, overwrite);
            if (summary != null) {
                CorpusSummary.write(CorpusSummary.of(explained, top).withModel(model), summary, spark);
                explained.unpersist();
            }
            System.err.printf("ExplainJob: wrote %s in %.1f s%n", output, (System.nanoTime() - start) / 1e9);
            return 0;
        } finally {
            if (session == null) {
                spark.stop();
            }
        }
    }
}
