package dev.lexray.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The corpus summary as a {@code spark-submit} job: top words per explained class by summed relevance
 * ({@link CorpusSummary}), written as one JSON file. Reads what {@link ExplainJob} wrote, or, given
 * {@code --model}, explains the texts of the input first (with the library's default options).
 *
 * <pre>
 * spark-submit --class dev.lexray.spark.SummaryJob lexray-spark-all.jar \
 *   --input explained/ --format parquet --output summary.json --top 20
 * </pre>
 */
@Command(name = "SummaryJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Top words per class by summed relevance over an explained corpus, as JSON.")
public final class SummaryJob implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "ExplainJob's output (or texts, with --model).")
    String input;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "F",
            description = "jsonl, parquet, csv or tsv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The JSON file to write.")
    String output;

    @Option(names = "--top", defaultValue = "" + CorpusSummary.DEFAULT_TOP, paramLabel = "N",
            description = "Words per class and sign (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Explain the input's texts with this model first (default options).")
    String model;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "COL",
            description = "With --model: the column holding the texts (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--target", defaultValue = "predicted", paramLabel = "T",
            description = "With --model: the class to explain (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "With --model: as for ExplainJob.")
    int partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not run by spark-submit (default: spark.master, else local[*]).")
    String master;

    private SparkSession session;

    public static void main(String[] args) {
        System.exit(ExplainJob.commandLine(new SummaryJob()).execute(args));
    }

    /** Runs the job on an existing session (which stays open); the exit code as from {@link #main}. */
    public static int run(SparkSession spark, String... args) {
        SummaryJob job = new SummaryJob();
        job.session = spark;
        return ExplainJob.commandLine(job).execute(args);
    }

    @Override
    public Integer call() {
        JobIO.Format in = JobIO.Format.parse(format);
        SparkSession spark = session != null ? session : Jobs.session("lexray-summary", master);
        try {
            Dataset<Row> data = JobIO.read(spark, in, input);
            Dataset<Row> explained = model == null ? nested(data)
                    : LexraySpark.explain(Jobs.spread(data, partitions), textColumn,
                            SparkExplainOptions.defaults(model).withTarget(target));
            CorpusSummary.Summary s = CorpusSummary.of(explained, top);
            CorpusSummary.write(model == null ? s : s.withModel(model), output, spark);
            return 0;
        } finally {
            if (session == null) {
                spark.stop();
            }
        }
    }

    /** ExplainJob's CSV and TSV hold {@code target} and {@code tokens} as JSON text: parse them back. */
    static Dataset<Row> nested(Dataset<Row> data) {
        Dataset<Row> out = data;
        if (out.schema().apply("target").dataType() instanceof StringType) {
            out = out.withColumn("target", from_json(col("target"), LexraySpark.TARGET));
        }
        if (out.schema().apply("tokens").dataType() instanceof StringType) {
            out = out.withColumn("tokens", from_json(col("tokens"),
                    DataTypes.createArrayType(LexraySpark.TOKEN)));
        }
        return out;
    }
}
