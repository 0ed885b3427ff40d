package dev.lexray.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.lrp.Composites;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.ZeroRule;
import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexraySparkTest {
    private static final double TOLERANCE = 1e-6;

    @TempDir
    static Path temp;

    static SparkSession spark;
    static Path bag;
    static Path bilstm;

    @BeforeAll
    static void setUp() {
        spark = SparkTests.spark();
        bag = TinyModels.bagMlp(temp.resolve("tiny-bag"));
        bilstm = TinyModels.bilstm(temp.resolve("tiny-bilstm"));
    }

    static Dataset<Row> frame(List<String> texts, int partitions) {
        return SparkTests.frame(texts, partitions);
    }

    /** The Spark rows by their id column. */
    static Map<Integer, Row> byId(Dataset<Row> explained) {
        Map<Integer, Row> out = new HashMap<>();
        for (Row r : explained.collectAsList()) {
            out.put(r.getInt(r.fieldIndex("id")), r);
        }
        return out;
    }

    /** A Spark row holds exactly what the single-machine explanation says (to float32 noise). */
    static void assertSame(Row row, Explanation e) {
        assertThat(row.isNullAt(row.fieldIndex("error"))).as("error of '%s': %s", e.text(),
                row.getAs("error")).isTrue();
        Row predicted = row.getStruct(row.fieldIndex("predicted"));
        assertThat(predicted.getInt(0)).isEqualTo(e.predicted().index());
        assertThat(predicted.getString(1)).isEqualTo(e.predicted().label());
        List<Double> probabilities = row.getList(row.fieldIndex("probabilities"));
        assertThat(probabilities).hasSize(e.probabilities().length);
        for (int c = 0; c < probabilities.size(); c++) {
            assertThat(probabilities.get(c)).isCloseTo(e.probabilities()[c], within(TOLERANCE));
        }
        Row target = row.getStruct(row.fieldIndex("target"));
        assertThat(target.getInt(0)).isEqualTo(e.target().index());
        assertThat(target.getString(1)).isEqualTo(e.target().label());
        if (e.target().versus() == null) {
            assertThat(target.isNullAt(2)).isTrue();
        } else {
            assertThat(target.getStruct(2).getInt(0)).isEqualTo(e.target().versus().index());
            assertThat(target.getStruct(2).getString(1)).isEqualTo(e.target().versus().label());
        }
        List<Row> tokens = row.getList(row.fieldIndex("tokens"));
        assertThat(tokens).hasSize(e.tokens().size());
        for (int i = 0; i < tokens.size(); i++) {
            TokenRelevance t = e.tokens().get(i);
            Row s = tokens.get(i);
            assertThat(s.getString(0)).isEqualTo(t.text());
            assertThat(s.getInt(1)).isEqualTo(t.start());
            assertThat(s.getInt(2)).isEqualTo(t.end());
            assertThat(s.getDouble(3)).as("relevance of '%s' in '%s'", t.text(), e.text())
                    .isCloseTo(t.relevance(), within(TOLERANCE));
        }
        Row c = row.getStruct(row.fieldIndex("conservation"));
        assertThat(c.getDouble(0)).isCloseTo(e.conservation().sum(), within(TOLERANCE));
        assertThat(c.isNullAt(1)).isEqualTo(e.conservation().specialTokens() == null);
        assertThat(c.getDouble(2)).isCloseTo(e.conservation().initialState(), within(TOLERANCE));
        assertThat(c.getDouble(3)).isCloseTo(e.conservation().targetScore(), within(TOLERANCE));
        assertThat(c.getDouble(4)).isCloseTo(e.conservation().residual(), within(TOLERANCE));
    }

    /** Explains {@code texts} on Spark and with the library in this JVM, and compares every row. */
    static void assertSparkEqualsLibrary(Path model, List<String> texts, ExplainOptions options, int partitions) {
        Map<Integer, Row> rows = byId(LexraySpark.explain(frame(texts, partitions), "text",
                SparkExplainOptions.of(model, options).withChunkSize(25)));
        assertThat(rows).hasSize(texts.size());
        List<Explanation> expected;
        try (LexrayModel m = Lexray.load(model)) {
            expected = m.explain(texts, options);
        }
        for (int i = 0; i < texts.size(); i++) {
            assertThat(rows.get(i).getString(rows.get(i).fieldIndex("text"))).isEqualTo(texts.get(i));
            assertSame(rows.get(i), expected.get(i));
        }
    }

    @Test
    void tinyBagModelOnSparkEqualsTheLibrary() {
        assertSparkEqualsLibrary(bag, SparkTests.tinyTexts(120, 1), ExplainOptions.defaults().withBatchSize(7), 3);
    }

    @Test
    void tinyBilstmOnSparkEqualsTheLibraryWithOtherOptions() {
        List<String> texts = SparkTests.tinyTexts(60, 2);
        assertSparkEqualsLibrary(bilstm, texts, ExplainOptions.defaults(), 2);
        ExplainOptions other = ExplainOptions.defaults()
                .withTarget(Target.parse("positive-vs-negative", List.of("negative", "neutral", "positive")))
                .withEpsilon(0.01, 1.0)
                .withRule(new GammaRule(0.5))
                .withLayerRule("classifier", new ZeroRule(1.0))
                .withPrecision(Precision.FLOAT64)
                .withBatchSize(5);
        assertSparkEqualsLibrary(bilstm, texts, other, 3);
    }

    @Test
    void referenceBilstmOnSparkEqualsTheLibrary() {
        Path model = SparkTests.shared("reference/lrp_for_lstm/model-bilstm");
        List<String> texts = SparkTests.glueSentences(SparkTests.shared("corpora/sst2_glue/dev.tsv"), 150);
        assertSparkEqualsLibrary(model, texts, ExplainOptions.defaults(), 2);
    }

    /** Decoders and ELECTRA on Spark, with both attention rules and LXT's convention (which travels as JSON). */
    @Test
    void referenceTransformersOnSparkEqualTheLibrary() {
        List<String> texts = SparkTests.glueSentences(SparkTests.shared("corpora/sst2_glue/dev.tsv"), 20);
        for (String name : List.of("qwen2-sst2-tiny", "gpt2-sst2-tiny", "electra-sst2-tiny")) {
            Path model = SparkTests.shared("reference/" + name);
            assertSparkEqualsLibrary(model, texts, ExplainOptions.defaults().withBatchSize(6), 2);
            assertSparkEqualsLibrary(model, texts, ExplainOptions.defaults()
                    .withComposite(Composites.forName("attnlrp-lxt", Map.of())), 2);
        }
    }

    /** The shipped text CNN (Kim 2014) on Spark equals the library. */
    @Test
    void shippedCnnOnSparkEqualsTheLibrary() {
        Path model = Path.of("..", "models", "sentiment-cnn-sst2");
        List<String> texts = SparkTests.tinyTexts(40, 3);
        assertSparkEqualsLibrary(model, texts, ExplainOptions.defaults().withBatchSize(8), 2);
    }

    @Test
    void badRowsAreKeptWithAnError() {
        List<String> texts = new ArrayList<>(Arrays.asList("good movie", null, "", "   ", "\t \n", "awful plot",
                "the film is great"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        Dataset<Row> explained = LexraySpark.explain(spark.createDataFrame(rows, SparkTests.INPUT).repartition(2), "text",
                SparkExplainOptions.defaults(bag).withBatchSize(3).withChunkSize(4));
        Map<Integer, Row> out = byId(explained);
        assertThat(out).hasSize(texts.size());
        for (int i : List.of(1, 2, 3, 4)) {
            Row r = out.get(i);
            assertThat(r.<String>getAs("error")).as("row %d", i).isNotBlank();
            for (String c : List.of("predicted", "probabilities", "target", "tokens", "conservation")) {
                assertThat(r.isNullAt(r.fieldIndex(c))).as("%s of row %d", c, i).isTrue();
            }
        }
        assertThat(out.get(1).<String>getAs("error")).contains("null");
        // words unknown to the model are a text it can score, with a warning (issue 12.8), not a bad row
        Row unknown = byId(LexraySpark.explain(frame(List.of("zzz qqq"), 1), "text", SparkExplainOptions.defaults(bag)))
                .get(0);
        assertThat(unknown.<String>getAs("error")).isNull();
        assertThat(out.get(2).<String>getAs("error")).contains("empty");
        assertThat(out.get(4).<String>getAs("error")).contains("empty");
        try (LexrayModel m = Lexray.load(bag)) {
            for (int i : List.of(0, 5, 6)) {
                assertSame(out.get(i), m.explain(texts.get(i)));
            }
        }
        assertThat(explained.filter("error is not null").count()).isEqualTo(4);
    }

    @Test
    void addsTheDocumentedColumns() {
        Dataset<Row> explained = LexraySpark.explain(frame(List.of("good"), 1), "text",
                SparkExplainOptions.defaults(bag));
        assertThat(explained.schema().simpleString()).isEqualTo("struct<id:int,text:string,"
                + "predicted:struct<index:int,label:string>,probabilities:array<double>,"
                + "target:struct<index:int,label:string,versus:struct<index:int,label:string>>,"
                + "tokens:array<struct<text:string,start:int,end:int,relevance:double>>,"
                + "conservation:struct<sum:double,special_tokens:double,initial_state:double,target_score:double,"
                + "residual:double>,error:string>");
    }

    @Test
    void rejectsABadColumnOrOptionsOnTheDriver() {
        Dataset<Row> texts = frame(List.of("good"), 1);
        SparkExplainOptions o = SparkExplainOptions.defaults(bag);
        assertThatThrownBy(() -> LexraySpark.explain(texts, "body", o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'body'");
        assertThatThrownBy(() -> LexraySpark.explain(texts, "id", o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not text");
        assertThatThrownBy(() -> LexraySpark.explain(texts.withColumnRenamed("id", "Error"), "text", o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Error");
        SparkExplainOptions badRule = new SparkExplainOptions(bag.toString(), "lrp", "{}",
                "{\"name\":\"sharpest\",\"parameters\":{}}", "float32", "predicted", 8, 16, 1);
        assertThatThrownBy(() -> LexraySpark.explain(texts, "text", badRule))
                .isInstanceOf(LexrayException.class).hasMessageContaining("unknown rule 'sharpest'");
    }

    @Test
    void anUnknownTargetFailsTheJobWithItsReason() {
        Dataset<Row> explained = LexraySpark.explain(frame(List.of("good", "bad"), 1), "text",
                SparkExplainOptions.defaults(bag).withTarget("neutral"));
        assertThatThrownBy(explained::count).hasStackTraceContaining("unknown label 'neutral'");
    }

    @Test
    void eachModelIsLoadedOncePerJvm() {
        Path dir = TinyModels.bagMlp(temp.resolve("cache-probe"));
        int before = ModelCache.loads();
        for (int run = 0; run < 2; run++) {
            LexraySpark.explain(frame(SparkTests.tinyTexts(20, run), 4), "text",
                    SparkExplainOptions.defaults(dir)).count();
        }
        assertThat(ModelCache.loads() - before).isEqualTo(1);
        assertThat(ModelCache.loaded()).contains(dir.toAbsolutePath().normalize());
    }

    @Test
    void findsAModelShippedAsAnArchiveByItsName() throws Exception {
        Path dir = TinyModels.bagMlp(temp.resolve("to-ship"));
        Path zip = SparkTests.sessionFolder().resolve("model.zip"); // the session keeps fetching it
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : List.of("config.json", "vocab.txt", "model.safetensors")) {
                out.putNextEntry(new ZipEntry(f));
                Files.copy(dir.resolve(f), out);
                out.closeEntry();
            }
        }
        spark.sparkContext().addArchive(zip.toUri() + "#shipped-tiny-model"); // as spark-submit --archives does
        List<String> texts = SparkTests.tinyTexts(10, 4);
        Map<Integer, Row> rows = byId(LexraySpark.explain(frame(texts, 2), "text",
                SparkExplainOptions.defaults("shipped-tiny-model")));
        try (LexrayModel m = Lexray.load(dir)) {
            List<Explanation> expected = m.explain(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertSame(rows.get(i), expected.get(i));
            }
        }
        assertThatThrownBy(() -> ModelCache.resolve("no-such-model-anywhere"))
                .isInstanceOf(LexrayException.class).hasMessageContaining("--archives");
    }

    @Test
    void optionsSurviveJavaSerialisationAndConvertBack() throws Exception {
        ExplainOptions o = ExplainOptions.defaults()
                .withTarget(Target.parse("1-vs-negative"))
                .withRule(new GammaRule(0.3))
                .withLayerRule("hidden*", new ZeroRule(0.5))
                .withEpsilon(0.02, 0.5)
                .withRule(new GammaRule(0.3))
                .withPrecision(Precision.FLOAT64)
                .withBatchSize(9);
        SparkExplainOptions s = SparkExplainOptions.of(bag, o);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        SparkExplainOptions back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (SparkExplainOptions) in.readObject();
        }
        assertThat(back).isEqualTo(s);
        ExplainOptions round = back.toExplainOptions(List.of("negative", "positive"));
        assertThat(round.composite()).isEqualTo(o.composite());
        assertThat(round.rule()).isEqualTo(o.rule());
        assertThat(round.layerRules()).isEqualTo(o.layerRules());
        assertThat(round.recurrent()).isEqualTo(o.recurrent());
        assertThat(round.transformer()).isEqualTo(o.transformer());
        assertThat(round.precision()).isEqualTo(o.precision());
        assertThat(round.batchSize()).isEqualTo(9);
        assertThat(round.workers()).isEqualTo(1); // Spark runs a task per core; the library would use them all
        assertThat(back.withWorkers(3).toExplainOptions(List.of("negative", "positive")).workers()).isEqualTo(3);
        assertThat(round.target()).isEqualTo(new Target.Contrast(new Target.Index(1), new Target.Label("negative")));
    }
}
