package dev.lexray.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What a whole explained corpus says, computed with Spark SQL: per explained class, the words with the largest
 * summed relevance towards it ({@code positive}) and against it ({@code negative}). Tokens are exploded,
 * lowercased, and Lucene's English stop words ({@code EnglishAnalyzer.ENGLISH_STOP_WORDS_SET}), clitics that
 * tokenisers split off ({@code 's}, {@code 're}, ...) and tokens without a letter or digit are left out, as in the
 * summary of {@code lexray report}. A positive list sums only the positive occurrences of a word and counts them, a
 * negative list the negative ones; ties are broken by the word. Rows with an error are counted, not summed.
 */
public final class CorpusSummary {
    /** Words per class and sign, unless asked otherwise. */
    public static final int DEFAULT_TOP = 20;

    /** Clitics split off by tokenisers such as SST's ("it 's"): as empty as stop words (as in the HTML report). */
    public static final Set<String> CLITICS = Set.of("'s", "'re", "'ve", "'ll", "'d", "'m", "s",
            "\u2019s", "\u2019re", "\u2019ve", "\u2019ll", "\u2019d", "\u2019m");

    /** A word that counts: not a stop word, not a clitic, with a letter or digit (Character.isLetterOrDigit). */
    public static final String CONTENT_PATTERN = "[\\p{L}\\p{Nd}]";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CorpusSummary() {}

    /** A word with its summed relevance ({@code total}) over {@code count} occurrences of that sign. */
    @JsonPropertyOrder({"word", "total", "count"})
    public record WordScore(String word, double total, long count) {}

    /** The top words of one explained class; {@code texts} is how many texts explained it. */
    @JsonPropertyOrder({"index", "label", "texts", "positive", "negative"})
    public record ClassWords(int index, String label, long texts, List<WordScore> positive,
            List<WordScore> negative) {}

    /**
     * The summary as written to JSON.
     *
     * @param model the model, when the job knew it, else null
     * @param texts rows read
     * @param explained rows explained
     * @param errors rows with an error
     * @param top words kept per class and sign
     * @param filter what was left out
     * @param classes per explained class (by index), the classes no text explained left out
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"model", "texts", "explained", "errors", "top", "filter", "classes"})
    public record Summary(String model, long texts, long explained, long errors, int top, String filter,
            List<ClassWords> classes) {
        public Summary withModel(String m) {
            return new Summary(m, texts, explained, errors, top, filter, classes);
        }

        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Lucene's English stop words, as strings. */
    public static Set<String> stopWords() {
        Set<String> out = new TreeSet<>();
        for (Object o : EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) {
            out.add(o instanceof char[] cs ? new String(cs) : o.toString());
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * One row per kept word occurrence of the explained rows: {@code class_index, class, word (lowercased),
     * relevance}. {@code explained} needs the columns {@code target} and {@code tokens} (and {@code error}, when
     * present) as {@link LexraySpark#explain} makes them.
     */
    public static Dataset<Row> words(Dataset<Row> explained) {
        Set<String> excluded = new TreeSet<>(stopWords());
        excluded.addAll(CLITICS);
        return ok(explained)
                .select(col("target.index").as("class_index"), col("target.label").as("class"),
                        explode(col("tokens")).as("t"))
                .select(col("class_index"), col("class"), lower(col("t.text")).as("word"),
                        col("t.relevance").as("relevance"))
                .filter(not(col("word").isin(excluded.toArray())))
                .filter(col("word").rlike(CONTENT_PATTERN));
    }

    /** The summary of an explained corpus, {@code top} words per class and sign. */
    public static Summary of(Dataset<Row> explained, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1");
        }
        Dataset<Row> words = words(explained);
        List<Row> positive = top(words.filter(col("relevance").gt(0)), col("total").desc(), top);
        List<Row> negative = top(words.filter(col("relevance").lt(0)), col("total").asc(), top);
        List<Row> perClass = ok(explained)
                .groupBy(col("target.index").as("class_index"), col("target.label").as("class"))
                .agg(count(lit(1)).as("texts"))
                .orderBy(col("class_index"))
                .collectAsList();
        Row totals = explained.agg(count(lit(1)).as("texts"), count(errorColumn(explained)).as("errors")).first();
        long texts = totals.getLong(0);
        long errors = totals.getLong(1);
        List<ClassWords> classes = new ArrayList<>();
        for (Row c : perClass) {
            int index = ((Number) c.get(0)).intValue();
            classes.add(new ClassWords(index, c.getString(1), c.getLong(2), select(positive, index),
                    select(negative, index)));
        }
        return new Summary(null, texts, texts - errors, errors, top,
                "Lucene English stop words (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), clitics "
                        + new TreeSet<>(CLITICS) + ", tokens without a letter or digit; words lowercased",
                classes);
    }

    /** Writes the summary as one JSON document to {@code path} (any file system Hadoop knows; replaced). */
    public static void write(Summary summary, String path, SparkSession spark) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(p, true)) {
                out.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + path + ": " + e.getMessage(), e);
        }
    }

    /** The rows without an error (all rows when the data has no error column, e.g. JSON with nulls left out). */
    private static Dataset<Row> ok(Dataset<Row> explained) {
        Column error = errorColumn(explained);
        return explained.filter(error.isNull());
    }

    private static Column errorColumn(Dataset<Row> explained) {
        for (String f : explained.columns()) {
            if (f.equalsIgnoreCase("error")) {
                return col(f);
            }
        }
        return lit(null).cast("string");
    }

    private static List<Row> top(Dataset<Row> words, Column order, int top) {
        WindowSpec w = Window.partitionBy(col("class_index")).orderBy(order, col("word").asc());
        return words.groupBy(col("class_index"), col("word"))
                .agg(sum(col("relevance")).as("total"), count(lit(1)).as("count"))
                .withColumn("rank", row_number().over(w))
                .filter(col("rank").leq(top))
                .orderBy(col("class_index"), col("rank"))
                .select(col("class_index"), col("word"), col("total"), col("count"))
                .collectAsList();
    }

    private static List<WordScore> select(List<Row> rows, int index) {
        List<WordScore> out = new ArrayList<>();
        for (Row r : rows) {
            if (((Number) r.get(0)).intValue() == index) {
                out.add(new WordScore(r.getString(1), r.getDouble(2), r.getLong(3)));
            }
        }
        return out;
    }
}
