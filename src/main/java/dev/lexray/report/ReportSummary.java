package dev.lexray.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.Explanation;
import dev.lexray.TokenRelevance;
import dev.lexray.eval.ClassificationMetrics;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * What the top of a report says about all its texts, computed here so that the page only renders it: accuracy,
 * confusion matrix and per-class precision, recall and F1 (by {@link ClassificationMetrics}) over the labelled
 * texts, how often and how confidently each class is predicted, the words with the most positive and negative
 * relevance in total per class, and the report-wide colour scale. Sums of what the explanations hold; no relevance
 * is recomputed.
 *
 * @param metrics over the labelled texts only (all zero counts when none is labelled)
 * @param classes per class, in label order
 */
public record ReportSummary(ClassificationMetrics metrics, List<ClassStats> classes, List<ClassWords> words,
        double reportScale, String wordsSource) {
    /** Words shown per class and sign. */
    public static final int TOP_WORDS = 8;
    /** The report-wide colour scale saturates at this quantile of |relevance| (outliers do not wash out all). */
    public static final double SCALE_QUANTILE = 0.99;

    /** A word and its summed relevance over the report ({@code total}), in how many occurrences. */
    public record WordScore(String word, double total, int count) {}

    /**
     * One row of the per-class table; NaN where a figure is undefined: confidence when the class is never
     * predicted, precision when no labelled text is predicted as it, recall when no labelled text is of it, F1 when
     * either is undefined or both are 0.
     *
     * @param predicted how many texts (labelled or not) the model assigns to the class
     * @param meanConfidence their mean probability for it
     * @param truth how many labelled texts are of the class
     */
    public record ClassStats(String label, int predicted, double meanConfidence, long truth, double precision,
            double recall, double f1) {}

    /** The class's top words towards it ({@code positive}, largest first) and against it ({@code negative}). */
    public record ClassWords(String label, List<WordScore> positive, List<WordScore> negative) {}

    /**
     * The same summary with the top words of a whole corpus (e.g. Spark's {@code SummaryJob} over millions of texts),
     * for a page that shows only a sample of its cards; {@code source} says where they come from.
     */
    public ReportSummary withCorpusWords(List<ClassWords> corpusWords, String source) {
        return new ReportSummary(metrics, classes, List.copyOf(corpusWords), reportScale, source);
    }

    /**
     * Reads the top words per class from a corpus summary JSON ({@code classes: [{label, positive: [{word, total,
     * count}], negative: [...]}]}, as Spark's SummaryJob writes it), keeping {@link #TOP_WORDS} per sign.
     */
    public static List<ClassWords> readCorpusWords(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new LexrayException(file + " is not a corpus summary (JSON): " + e.getMessage(), e);
        }
        if (root == null || !root.path("classes").isArray()) {
            throw new LexrayException(file + " is not a corpus summary: it has no \"classes\" list");
        }
        List<ClassWords> out = new ArrayList<>();
        for (JsonNode c : root.get("classes")) {
            out.add(new ClassWords(c.path("label").asText("?"), scores(c.path("positive")),
                    scores(c.path("negative"))));
        }
        return out;
    }

    private static List<WordScore> scores(JsonNode list) {
        List<WordScore> out = new ArrayList<>();
        for (JsonNode w : list) {
            if (out.size() == TOP_WORDS) {
                break;
            }
            out.add(new WordScore(w.path("word").asText(""), w.path("total").asDouble(), w.path("count").asInt()));
        }
        return out;
    }

    /** How many texts have a true label. */
    public int labelled() {
        return (int) metrics.count();
    }

    /** How many labelled texts are predicted right. */
    public int correct() {
        long correct = 0;
        for (int c = 0; c < metrics.labels().size(); c++) {
            correct += metrics.confusion()[c][c];
        }
        return (int) correct;
    }

    /** Accuracy over the labelled texts, or NaN without labels. */
    public double accuracy() {
        return labelled() == 0 ? Double.NaN : metrics.accuracy();
    }

    /**
     * @param keepStopWords false to leave out Lucene's English stop words, clitics ('s, 're, ...) and tokens without
     *     a letter or digit
     */
    public static ReportSummary of(Report report, boolean keepStopWords) {
        int k = report.labels().size();
        long[][] confusion = new long[k][k];
        int[] predicted = new int[k];
        double[] confidence = new double[k];
        for (ReportEntry e : report.entries()) {
            int p = e.predicted().index();
            predicted[p]++;
            confidence[p] += e.confidence();
            if (e.labelled()) {
                confusion[e.trueIndex()][p]++;
            }
        }
        ClassificationMetrics metrics = ClassificationMetrics.fromConfusion(report.labels(), confusion);
        List<ClassStats> classes = new ArrayList<>(k);
        List<ClassWords> words = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            classes.add(stats(metrics, c, predicted[c], confidence[c]));
            words.add(topWords(report, c, keepStopWords));
        }
        return new ReportSummary(metrics, classes, words, scale(report), null);
    }

    /** ClassificationMetrics reports 0 where a ratio has no texts; the page shows those as undefined (NaN). */
    private static ClassStats stats(ClassificationMetrics m, int c, int predicted, double confidence) {
        long truth = 0;
        long predictedLabelled = 0;
        for (int o = 0; o < m.labels().size(); o++) {
            truth += m.confusion()[c][o];
            predictedLabelled += m.confusion()[o][c];
        }
        double precision = predictedLabelled == 0 ? Double.NaN : m.precision()[c];
        double recall = truth == 0 ? Double.NaN : m.recall()[c];
        double f1 = Double.isNaN(precision) || Double.isNaN(recall) || precision + recall == 0 ? Double.NaN
                : m.f1()[c];
        return new ClassStats(m.labels().get(c), predicted, predicted == 0 ? Double.NaN : confidence / predicted,
                truth, precision, recall, f1);
    }

    private static ClassWords topWords(Report report, int c, boolean keepStopWords) {
        Map<String, double[]> pos = new HashMap<>();
        Map<String, double[]> neg = new HashMap<>();
        for (ReportEntry e : report.entries()) {
            for (TokenRelevance t : e.byClass().get(c).tokens()) {
                String w = t.text().toLowerCase(Locale.ROOT);
                if (!keepStopWords && !isContentWord(w)) {
                    continue;
                }
                double r = t.relevance();
                if (r > 0) {
                    add(pos, w, r);
                } else if (r < 0) {
                    add(neg, w, r);
                }
            }
        }
        return new ClassWords(report.labels().get(c), top(pos, Comparator.reverseOrder()),
                top(neg, Comparator.naturalOrder()));
    }

    /** Clitics that tokenisers such as SST's split off ("it 's"): as empty as stop words. */
    static final Set<String> CLITICS = Set.of("'s", "'re", "'ve", "'ll", "'d", "'m", "s",
            "\u2019s", "\u2019re", "\u2019ve", "\u2019ll", "\u2019d", "\u2019m");

    static boolean isContentWord(String w) {
        if (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(w) || CLITICS.contains(w)) {
            return false;
        }
        return w.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static void add(Map<String, double[]> m, String w, double r) {
        double[] acc = m.computeIfAbsent(w, x -> new double[2]);
        acc[0] += r;
        acc[1]++;
    }

    private static List<WordScore> top(Map<String, double[]> m, Comparator<Double> order) {
        return m.entrySet().stream()
                .map(en -> new WordScore(en.getKey(), en.getValue()[0], (int) en.getValue()[1]))
                .sorted(Comparator.comparing(WordScore::total, order).thenComparing(WordScore::word))
                .limit(TOP_WORDS)
                .toList();
    }

    /** The {@link #SCALE_QUANTILE} quantile of |relevance| over every word, text and class (0 when all are 0). */
    static double scale(Report report) {
        int n = 0;
        for (ReportEntry e : report.entries()) {
            for (Explanation x : e.byClass()) {
                n += x.tokens().size();
            }
        }
        double[] all = new double[n];
        int i = 0;
        for (ReportEntry e : report.entries()) {
            for (Explanation x : e.byClass()) {
                for (TokenRelevance t : x.tokens()) {
                    all[i++] = Math.abs(t.relevance());
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(all);
        return all[Math.min(n - 1, (int) Math.ceil(SCALE_QUANTILE * n) - 1)];
    }
}
