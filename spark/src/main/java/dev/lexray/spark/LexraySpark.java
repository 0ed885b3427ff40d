package dev.lexray.spark;

import dev.lexray.ExplainOptions;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Lexray on Apache Spark: explains a column of texts and returns the input rows with the explanation added.
 *
 * <pre>{@code
 * Dataset<Row> texts = spark.read().json("reviews.jsonl");
 * Dataset<Row> explained = LexraySpark.explain(texts, "text", SparkExplainOptions.defaults("models/sst2"));
 * explained.select("text", "predicted.label", "tokens").show();
 * }</pre>
 *
 * <p>Added columns (all null on a row whose {@code error} is set):
 * <ul>
 *   <li>{@code predicted struct<index:int,label:string>}</li>
 *   <li>{@code probabilities array<double>} (in the model's label order)</li>
 *   <li>{@code target struct<index:int,label:string,versus:struct<index:int,label:string>>}: the explained class
 *       ({@code versus} for a contrast {@code A-vs-B}, else null)</li>
 *   <li>{@code tokens array<struct<text:string,start:int,end:int,relevance:double>>}: every word with its UTF-16
 *       character span in the text and its relevance</li>
 *   <li>{@code conservation struct<sum,special_tokens,initial_state,target_score,residual>} (doubles;
 *       {@code special_tokens} is null for word-level models)</li>
 *   <li>{@code error string}: null when the row was explained, else why not (null or empty text, no known word);
 *       such rows are kept, not dropped, and do not fail the job</li>
 * </ul>
 *
 * <p>Each executor JVM loads the model once ({@link ModelCache}) and explains its partitions in padded batches of
 * the options' batch size. Nothing runs until an action (write, count, collect) asks for the rows.
 */
public final class LexraySpark {
    /** The columns {@link #explain} adds, in order. */
    public static final List<String> COLUMNS = List.of("predicted", "probabilities", "target", "tokens",
            "conservation", "error");

    private LexraySpark() {}

    public static final StructType CLASS = new StructType()
            .add("index", DataTypes.IntegerType)
            .add("label", DataTypes.StringType);
    public static final StructType TARGET = CLASS.add("versus", CLASS);
    public static final StructType TOKEN = new StructType()
            .add("text", DataTypes.StringType)
            .add("start", DataTypes.IntegerType)
            .add("end", DataTypes.IntegerType)
            .add("relevance", DataTypes.DoubleType);
    public static final StructType CONSERVATION = new StructType()
            .add("sum", DataTypes.DoubleType)
            .add("special_tokens", DataTypes.DoubleType)
            .add("initial_state", DataTypes.DoubleType)
            .add("target_score", DataTypes.DoubleType)
            .add("residual", DataTypes.DoubleType);

    /**
     * The rows of {@code texts} with the explanation of {@code textColumn} added (see the class comment).
     *
     * @throws IllegalArgumentException when the column is missing or not a string, or the input already has a
     *     column of the same name as an added one
     * @throws LexrayException for an unknown rule, method or precision (a bad target fails the first task)
     */
    public static Dataset<Row> explain(Dataset<Row> texts, String textColumn, SparkExplainOptions options) {
        StructType schema = texts.schema();
        int index = textIndex(schema, textColumn);
        options.baseOptions(); // bad options fail here, on the driver
        return texts.mapPartitions(new ExplainPartitions(index, options), Encoders.row(outputSchema(schema)));
    }

    /** {@link #explain(Dataset, String, SparkExplainOptions)} with the library's options, for a model directory. */
    public static Dataset<Row> explain(Dataset<Row> texts, String textColumn, Path modelDir,
            ExplainOptions options) {
        return explain(texts, textColumn, SparkExplainOptions.of(modelDir, options));
    }

    /** The schema {@link #explain} returns for an input of schema {@code input}. */
    public static StructType outputSchema(StructType input) {
        List<String> clash = new ArrayList<>();
        for (String c : COLUMNS) {
            for (String f : input.fieldNames()) {
                if (f.equalsIgnoreCase(c)) {
                    clash.add(f);
                }
            }
        }
        if (!clash.isEmpty()) {
            throw new IllegalArgumentException("the input already has column(s) " + clash + " that the explanation "
                    + "adds; rename or drop them first");
        }
        return input
                .add(new StructField("predicted", CLASS, true, org.apache.spark.sql.types.Metadata.empty()))
                .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                .add("target", TARGET, true)
                .add("tokens", DataTypes.createArrayType(TOKEN, false), true)
                .add("conservation", CONSERVATION, true)
                .add("error", DataTypes.StringType, true);
    }

    private static int textIndex(StructType schema, String column) {
        int index;
        try {
            index = schema.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no column '" + column + "' in the input; its columns are "
                    + List.of(schema.fieldNames()));
        }
        if (!(schema.fields()[index].dataType() instanceof org.apache.spark.sql.types.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' holds " + schema.fields()[index].dataType()
                    .simpleString() + ", not text; cast it to string first");
        }
        return index;
    }
}
