package dev.lexray.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.TokenRelevance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus summary on Spark equals the same sums done in plain Java over the library's explanations. */
class SummaryTest {
    @TempDir
    static Path temp;

    static SparkSession spark;
    static Path bag;

    @BeforeAll
    static void setUp() {
        spark = SparkTests.spark();
        bag = TinyModels.bagMlp(temp.resolve("tiny-bag"));
    }

    /** The summary's words in plain Java: class index to [positive, negative] lists. */
    static Map<Integer, List<List<CorpusSummary.WordScore>>> inJava(List<Explanation> explanations, int top) {
        Map<Integer, Map<String, double[]>> pos = new TreeMap<>();
        Map<Integer, Map<String, double[]>> neg = new TreeMap<>();
        for (Explanation e : explanations) {
            int c = e.target().index();
            pos.computeIfAbsent(c, k -> new HashMap<>());
            neg.computeIfAbsent(c, k -> new HashMap<>());
            for (TokenRelevance t : e.tokens()) {
                String w = t.text().toLowerCase(Locale.ROOT);
                if (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(w) || CorpusSummary.CLITICS.contains(w)
                        || w.codePoints().noneMatch(Character::isLetterOrDigit)) {
                    continue;
                }
                if (t.relevance() != 0) {
                    double[] acc = (t.relevance() > 0 ? pos : neg).get(c).computeIfAbsent(w, k -> new double[2]);
                    acc[0] += t.relevance();
                    acc[1]++;
                }
            }
        }
        Map<Integer, List<List<CorpusSummary.WordScore>>> out = new TreeMap<>();
        for (int c : pos.keySet()) {
            out.put(c, List.of(top(pos.get(c), true, top), top(neg.get(c), false, top)));
        }
        return out;
    }

    private static List<CorpusSummary.WordScore> top(Map<String, double[]> m, boolean descending, int top) {
        Comparator<CorpusSummary.WordScore> byTotal = Comparator.comparingDouble(CorpusSummary.WordScore::total);
        return m.entrySet().stream()
                .map(e -> new CorpusSummary.WordScore(e.getKey(), e.getValue()[0], (long) e.getValue()[1]))
                .sorted((descending ? byTotal.reversed() : byTotal)
                        .thenComparing(CorpusSummary.WordScore::word))
                .limit(top)
                .toList();
    }

    static void assertSameWords(List<CorpusSummary.WordScore> spark, List<CorpusSummary.WordScore> java) {
        assertThat(spark.stream().map(CorpusSummary.WordScore::word).toList())
                .isEqualTo(java.stream().map(CorpusSummary.WordScore::word).toList());
        for (int i = 0; i < java.size(); i++) {
            assertThat(spark.get(i).total()).isCloseTo(java.get(i).total(), within(1e-9));
            assertThat(spark.get(i).count()).isEqualTo(java.get(i).count());
        }
    }

    static void assertSummaryEqualsJava(CorpusSummary.Summary s, List<Explanation> explanations, int top) {
        Map<Integer, List<List<CorpusSummary.WordScore>>> java = inJava(explanations, top);
        assertThat(s.classes().stream().map(CorpusSummary.ClassWords::index).toList())
                .isEqualTo(new ArrayList<>(java.keySet()));
        for (CorpusSummary.ClassWords cw : s.classes()) {
            assertThat(cw.positive()).as("class %s", cw.label()).isNotEmpty();
            assertSameWords(cw.positive(), java.get(cw.index()).get(0));
            assertSameWords(cw.negative(), java.get(cw.index()).get(1));
            assertThat(cw.texts()).isEqualTo(explanations.stream()
                    .filter(e -> e.target().index() == cw.index()).count());
        }
    }

    static Dataset<Row> explained(Path model, List<String> texts) {
        return LexraySpark.explain(SparkTests.frame(texts, 3), "text", SparkExplainOptions.defaults(model));
    }

    @Test
    void tinyModelSummaryEqualsPlainJava() {
        List<String> texts = SparkTests.tinyTexts(300, 5);
        CorpusSummary.Summary s = CorpusSummary.of(explained(bag, texts), 5);
        try (LexrayModel m = Lexray.load(bag)) {
            assertSummaryEqualsJava(s, m.explain(texts, ExplainOptions.defaults()), 5);
        }
        assertThat(s.texts()).isEqualTo(300);
        assertThat(s.errors()).isZero();
        // stop words and case: "the", "a", "is", "not" never count; "Great" and "great" are one word
        for (CorpusSummary.ClassWords cw : s.classes()) {
            for (CorpusSummary.WordScore w : cw.positive()) {
                assertThat(w.word()).isNotIn("the", "a", "is", "not").isEqualTo(w.word().toLowerCase(Locale.ROOT));
            }
        }
    }

    @Test
    void referenceBilstmSummaryEqualsPlainJava() {
        Path model = SparkTests.shared("reference/lrp_for_lstm/model-bilstm");
        List<String> texts = SparkTests.glueSentences(SparkTests.shared("corpora/sst2_glue/dev.tsv"), 250);
        CorpusSummary.Summary s = CorpusSummary.of(explained(model, texts), 10);
        try (LexrayModel m = Lexray.load(model)) {
            assertSummaryEqualsJava(s, m.explain(texts, ExplainOptions.defaults()), 10);
        }
    }

    @Test
    void explainJobAndSummaryJobEndToEnd() throws Exception {
        List<String> texts = SparkTests.tinyTexts(80, 9);
        StringBuilder jsonl = new StringBuilder();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < texts.size(); i++) {
            jsonl.append(json.writeValueAsString(Map.of("id", i, "text", texts.get(i)))).append('\n');
        }
        jsonl.append("{\"id\": 80, \"text\": \"\"}\n{\"id\": 81}\n{\"id\": 82, \"text\": \" \\t \"}\n");
        Path input = temp.resolve("in.jsonl");
        Files.writeString(input, jsonl, StandardCharsets.UTF_8);
        Path out = temp.resolve("explained");
        Path summary = temp.resolve("summary.json");
        int code = ExplainJob.run(spark, "--model", bag.toString(), "--input", input.toString(), "--format", "jsonl",
                "--text-column", "text", "--output", out.toString(), "--output-format", "parquet",
                "--summary", summary.toString(), "--top", "4", "--partitions", "3");
        assertThat(code).isZero();
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertThat(written.count()).isEqualTo(83);
        assertThat(written.filter("error is not null").count()).isEqualTo(3);
        assertThat(written.columns()).contains("id", "text", "predicted", "tokens", "error");

        List<Explanation> expected;
        try (LexrayModel m = Lexray.load(bag)) {
            expected = m.explain(texts, ExplainOptions.defaults());
        }
        CorpusSummary.Summary fromJob = read(summary);
        assertThat(fromJob.texts()).isEqualTo(83);
        assertThat(fromJob.errors()).isEqualTo(3);
        assertThat(fromJob.model()).isEqualTo(bag.toString());
        assertSummaryEqualsJava(fromJob, expected, 4);

        // SummaryJob over what ExplainJob wrote (Parquet), and over a CSV output
        Path again = temp.resolve("again.json");
        assertThat(SummaryJob.run(spark, "--input", out.toString(), "--format", "parquet", "--output",
                again.toString(), "--top", "4")).isZero();
        assertSummaryEqualsJava(read(again), expected, 4);
        Path csv = temp.resolve("explained-csv");
        assertThat(ExplainJob.run(spark, "--model", bag.toString(), "--input", input.toString(), "--output",
                csv.toString(), "--output-format", "csv")).isZero();
        Path fromCsv = temp.resolve("from-csv.json");
        assertThat(SummaryJob.run(spark, "--input", csv.toString(), "--format", "csv", "--output",
                fromCsv.toString(), "--top", "4")).isZero();
        CorpusSummary.Summary c = read(fromCsv);
        assertThat(c.errors()).isEqualTo(3);
        assertSummaryEqualsJava(c, expected, 4);
    }

    @Test
    void explainJobReadsTsvWithoutQuoting() throws Exception {
        Path tsv = temp.resolve("in.tsv");
        Files.writeString(tsv, "sentence\tlabel\n\"good\" movie \t1\nawful \"plot\t0\nthe film , great\t1\n",
                StandardCharsets.UTF_8);
        Path out = temp.resolve("tsv-out");
        assertThat(ExplainJob.run(spark, "--model", bag.toString(), "--input", tsv.toString(), "--format", "tsv",
                "--text-column", "sentence", "--output", out.toString(), "--output-format", "jsonl")).isZero();
        List<Row> rows = spark.read().json(out.toString()).select("sentence", "label", "predicted.label")
                .orderBy("sentence").collectAsList();
        assertThat(rows).extracting(r -> r.getString(0))
                .containsExactly("\"good\" movie ", "awful \"plot", "the film , great");
        assertThat(rows).extracting(r -> r.getString(2)).containsExactly("positive", "negative", "positive");
    }

    @Test
    void badArgumentsExitWithCodeTwo() {
        assertThat(ExplainJob.run(spark, "--model", bag.toString(), "--input", "x", "--format", "xml",
                "--output", temp.resolve("never").toString())).isEqualTo(2);
        assertThat(SummaryJob.run(spark, "--input", "x")).isEqualTo(2); // --output missing
    }

    static CorpusSummary.Summary read(Path file) throws Exception {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        List<CorpusSummary.ClassWords> classes = new ArrayList<>();
        for (JsonNode c : n.get("classes")) {
            classes.add(new CorpusSummary.ClassWords(c.get("index").asInt(), c.get("label").asText(),
                    c.get("texts").asLong(), words(c.get("positive")), words(c.get("negative"))));
        }
        return new CorpusSummary.Summary(n.has("model") ? n.get("model").asText() : null, n.get("texts").asLong(),
                n.get("explained").asLong(), n.get("errors").asLong(), n.get("top").asInt(),
                n.get("filter").asText(), classes);
    }

    private static List<CorpusSummary.WordScore> words(JsonNode list) {
        List<CorpusSummary.WordScore> out = new ArrayList<>();
        for (JsonNode w : list) {
            out.add(new CorpusSummary.WordScore(w.get("word").asText(), w.get("total").asDouble(),
                    w.get("count").asLong()));
        }
        return out;
    }
}
