package dev.lexray.corpus;

import java.util.HashMap;
import java.util.Map;

/**
 * How to read a corpus. Start from {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param strict             fail on the first malformed record (a {@link CorpusFormatException}) instead of skipping
 *                           and counting it
 * @param limit              stop after this many records (0: no limit)
 * @param phrases            SST trees: one record per labelled phrase (every node) instead of per sentence
 * @param format             the format of a file opened by path ({@code csv}, {@code tsv}, {@code jsonl}, {@code lines},
 *                           or any named format such as {@code sst-trees}); {@code null}: from the file name's extension
 * @param textColumn         CSV/TSV/JSON Lines: the text column ({@code null}: {@code text})
 * @param labelColumn        CSV/TSV/JSON Lines: the label column ({@code null}: {@code label} when present)
 * @param idColumn           CSV/TSV/JSON Lines: the id column ({@code null}: ids are {@code file:line})
 * @param header             CSV/TSV: whether the first line names the columns (if not, columns are 0-based numbers)
 * @param rationaleThreshold HateXplain: a token is in the rationale when at least this share of annotators marked it
 * @param keepProblems       how many malformed records the summary lists (all are counted)
 * @param params             format parameters that override a descriptor's (OLID: {@code level} a, b or c)
 */
public record CorpusOptions(boolean strict, long limit, boolean phrases, String format, String textColumn,
                            String labelColumn, String idColumn, boolean header, double rationaleThreshold,
                            int keepProblems, Map<String, String> params) {
    public CorpusOptions {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0: no limit), not " + limit);
        }
        if (!(rationaleThreshold > 0 && rationaleThreshold <= 1)) {
            throw new IllegalArgumentException("rationale threshold must be in (0, 1], not " + rationaleThreshold);
        }
        params = Map.copyOf(params);
    }

    /** Lenient, no limit, sentences, format from the extension, columns {@code text} and {@code label}, threshold 0.5. */
    public static CorpusOptions defaults() {
        return new CorpusOptions(false, 0, false, null, null, null, null, true, 0.5, 20, Map.of());
    }

    public CorpusOptions withStrict(boolean value) {
        return new CorpusOptions(value, limit, phrases, format, textColumn, labelColumn, idColumn, header, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withLimit(long value) {
        return new CorpusOptions(strict, value, phrases, format, textColumn, labelColumn, idColumn, header, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withPhrases(boolean value) {
        return new CorpusOptions(strict, limit, value, format, textColumn, labelColumn, idColumn, header, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withFormat(String value) {
        return new CorpusOptions(strict, limit, phrases, value, textColumn, labelColumn, idColumn, header, rationaleThreshold, keepProblems, params);
    }

    /** The text and label columns of a CSV/TSV/JSON Lines file ({@code null} for the defaults). */
    public CorpusOptions withColumns(String text, String label) {
        return new CorpusOptions(strict, limit, phrases, format, text, label, idColumn, header, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withIdColumn(String value) {
        return new CorpusOptions(strict, limit, phrases, format, textColumn, labelColumn, value, header, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withHeader(boolean value) {
        return new CorpusOptions(strict, limit, phrases, format, textColumn, labelColumn, idColumn, value, rationaleThreshold, keepProblems, params);
    }

    public CorpusOptions withRationaleThreshold(double value) {
        return new CorpusOptions(strict, limit, phrases, format, textColumn, labelColumn, idColumn, header, value, keepProblems, params);
    }

    public CorpusOptions withKeepProblems(int value) {
        return new CorpusOptions(strict, limit, phrases, format, textColumn, labelColumn, idColumn, header, rationaleThreshold, value, params);
    }

    public CorpusOptions withParam(String key, String value) {
        Map<String, String> p = new HashMap<>(params);
        p.put(key, value);
        return new CorpusOptions(strict, limit, phrases, format, textColumn, labelColumn, idColumn, header, rationaleThreshold, keepProblems, p);
    }
}
