package dev.lexray.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the Spark tests share: one small local[2] session for the test JVM, shared data, sample texts. */
final class SparkTests {
    /** The tests' input: an id and a text. */
    static final StructType INPUT = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType);

    private static SparkSession spark;

    private SparkTests() {}

    /** One session for every test class of the run (started once: a session takes seconds), stopped at exit. */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("lexray-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.adaptive.enabled", "false")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
        }
        return spark;
    }

    /**
     * A folder that lives as long as the session (deleted at exit): files handed to the session itself (addArchive)
     * must outlive the test that added them, since executors fetch them again for later tasks.
     */
    static synchronized Path sessionFolder() {
        try {
            Path dir = Files.createTempDirectory("lexray-spark-session");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // best effort
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The texts as rows {@code (id, text)}, spread round robin over {@code partitions}. */
    static Dataset<Row> frame(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        return spark().createDataFrame(rows, INPUT).repartition(partitions);
    }

    /** {@code ../shared} as seen from the repository root (the tests run in spark/, set by the pom). */
    static Path shared(String relative) {
        Path root = Path.of(System.getProperty("lexray.shared", "../../shared")).toAbsolutePath().normalize();
        Path p = root.resolve(relative);
        assumeTrue(Files.exists(p), "needs shared/" + relative + " (present in CI, absent here)");
        return p;
    }

    /** Seeded texts over the tiny models' vocabulary, some words unknown (never all), lengths 1 to 10. */
    static List<String> tinyTexts(int n, long seed) {
        List<String> words = new ArrayList<>(TinyModels.VOCAB.subList(2, TinyModels.VOCAB.size()));
        words.addAll(List.of("Great", "GOOD", "wonderful", "script", "Awful"));
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 1 + r.nextInt(9);
            List<String> text = new ArrayList<>();
            for (int w = 0; w < len; w++) {
                text.add(words.get(r.nextInt(words.size())));
            }
            if (text.stream().noneMatch(w -> TinyModels.VOCAB.contains(w.toLowerCase(Locale.ROOT)))) {
                text.add("movie"); // every text has a known word
            }
            out.add(String.join(" ", text));
        }
        return out;
    }

    /** The first {@code n} sentences of a GLUE TSV (header {@code sentence<TAB>label}). */
    static List<String> glueSentences(Path tsv, int n) {
        try (var lines = Files.lines(tsv)) {
            return lines.skip(1).limit(n).map(l -> l.substring(0, l.indexOf('\t'))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
