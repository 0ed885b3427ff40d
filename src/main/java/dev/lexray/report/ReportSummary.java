package dev.lexray.report;

import dev.lexray.Explanation;
import dev.lexray.TokenRelevance;
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
 * What the top of a report says about all its texts: accuracy and confusion matrix when labels are known, the
 * words with the most positive and negative relevance in total per class, and the report-wide colour scale.
 * Sums of what the explanations hold; nothing is recomputed.
 */
public record ReportSummary(int labelled, int correct, int[][] confusion, List<ClassWords> words,
        double reportScale, String wordsSource) {
    /** Words shown per class and sign. */
    public static final int TOP_WORDS = 8;
    /** The report-wide colour scale saturates at this quantile of |relevance| (outliers do not wash out all). */
    public static final double SCALE_QUANTILE = 0.99;

    /** A word and its summed relevance over the report ({@code total}), in how many occurrences. */
    public record WordScore(String word, double total, int count) {}

    /** The class's top words towards it ({@code positive}, largest first) and against it ({@code negative}). */
    public record ClassWords(String label, List<WordScore> positive, List<WordScore> negative) {}

    /**
     * The same summary with the top words of a whole corpus (e.g. Spark's {@code SummaryJob} over millions of texts),
     * for a page that shows only a sample of its cards; {@code source} says where they come from.
     */
    public ReportSummary withCorpusWords(List<ClassWords> corpusWords, String source) {
        return new ReportSummary(labelled, correct, confusion, List.copyOf(corpusWords), reportScale, source);
    }

    /**
     * Reads the top words per class from a corpus summary JSON ({@code classes: [{label, positive: [{word, total,
     * count}], negative: [...]}]}, as Spark's SummaryJob writes it), keeping {@link #TOP_WORDS} per sign.
     */
    public static List<ClassWords> readCorpusWords(java.nio.file.Path file) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new dev.lexray.LexrayException(file + " is not a corpus summary (JSON): " + e.getMessage(), e);
        }
        if (root == null || !root.path("classes").isArray()) {
            throw new dev.lexray.LexrayException(file + " is not a corpus summary: it has no \"classes\" list");
        }
        List<ClassWords> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : root.get("classes")) {
            out.add(new ClassWords(c.path("label").asText("?"), scores(c.path("positive")),
                    scores(c.path("negative"))));
        }
        return out;
    }

    private static List<WordScore> scores(com.fasterxml.jackson.databind.JsonNode list) {
        List<WordScore> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode w : list) {
            if (out.size() == TOP_WORDS) {
                break;
            }
            out.add(new WordScore(w.path("word").asText(""), w.path("total").asDouble(), w.path("count").asInt()));
        }
        return out;
    }

    /** Accuracy over the labelled texts, or NaN without labels. */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    /**
     * @param keepStopWords false to leave out Lucene's English stop words, clitics ('s, 're, ...) and tokens without
     *     a letter or digit
     */
    public static ReportSummary of(Report report, boolean keepStopWords) {
        int k = report.labels().size();
        int[][] confusion = new int[k][k];
        int labelled = 0;
        int correct = 0;
        for (ReportEntry e : report.entries()) {
            if (e.labelled()) {
                labelled++;
                confusion[e.trueIndex()][e.predicted().index()]++;
                if (!e.misclassified()) {
                    correct++;
                }
            }
        }
        List<ClassWords> words = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            words.add(topWords(report, c, keepStopWords));
        }
        return new ReportSummary(labelled, correct, confusion, words, scale(report), null);
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
