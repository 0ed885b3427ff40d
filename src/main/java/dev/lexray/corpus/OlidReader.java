package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * OLID v1.0 (OffensEval 2019). Two layouts:
 * <ul>
 *   <li>{@link #training}: {@code olid-training-v1.0.tsv}, header {@code id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c};
 *       the label is the column of the chosen level ({@code a}: NOT/OFF, {@code b}: TIN/UNT, {@code c}: IND/GRP/OTH),
 *       and a {@code NULL} there (a tweet the level does not apply to) gives a record without a label;</li>
 *   <li>{@link #test}: {@code testset-level*.tsv} ({@code id\ttweet}) joined by id with {@code labels-level*.csv}
 *       ({@code id,label}, no header; a header line {@code id,...} is tolerated).</li>
 * </ul>
 * The files use CRLF and may start with a byte-order mark; both are handled. Ids are the tweet ids.
 */
public final class OlidReader implements CorpusReader {
    static final String TRAINING_HEADER = "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c";
    static final String TEST_HEADER = "id\ttweet";

    private final Path tweets;
    private final Path labels;
    private final int column;

    private OlidReader(Path tweets, Path labels, int column) {
        this.tweets = tweets;
        this.labels = labels;
        this.column = column;
    }

    /** The training file, labelled at {@code level} ({@code a}, {@code b} or {@code c}). */
    public static OlidReader training(Path tsv, String level) {
        return new OlidReader(tsv, null, 2 + levelIndex(level));
    }

    /** A test file joined with its labels file. */
    public static OlidReader test(Path tsv, Path labels) {
        return new OlidReader(tsv, labels, -1);
    }

    static int levelIndex(String level) {
        return switch (level == null ? "a" : level.toLowerCase(Locale.ROOT)) {
            case "a" -> 0;
            case "b" -> 1;
            case "c" -> 2;
            default -> throw new LexrayException("OLID level must be a, b or c, not '" + level + "'");
        };
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        if (labels == null) {
            return new Lines(tweets, problems, null).stream();
        }
        return new Lines(tweets, problems, readLabels(labels, problems)).stream();
    }

    /** The labels file as id → label (a few kB; the join needs it whole). */
    private static Map<String, String> readLabels(Path file, Problems problems) {
        Map<String, String> byId = new LinkedHashMap<>();
        try (TextInput in = TextInput.open(file)) {
            String line;
            long n = in.line();
            while ((line = in.readLine()) != null) {
                problems.at(file, n);
                int comma = line.indexOf(',');
                if (line.isBlank()) {
                    // skip
                } else if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
                    problems.report("expected id,label, found " + Formats.show(line));
                } else if (n == 1 && line.startsWith("id,")) {
                    // a header line some copies add
                } else if (byId.putIfAbsent(line.substring(0, comma).strip(), line.substring(comma + 1).strip()) != null) {
                    problems.report("id " + line.substring(0, comma) + " is labelled twice");
                }
                n = in.line();
            }
        }
        return byId;
    }

    private final class Lines extends LineIterator {
        private final Map<String, String> labelById;
        private final Set<String> seen = new HashSet<>();

        Lines(Path file, Problems problems, Map<String, String> labelById) {
            super(file, problems);
            this.labelById = labelById;
            expectHeader(labelById == null ? TRAINING_HEADER : TEST_HEADER, "OLID");
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            String[] f = line.split("\t", -1);
            int expected = labelById == null ? 5 : 2;
            if (f.length != expected) {
                problems.report("expected " + expected + " tab-separated fields, found " + f.length);
                return null;
            }
            String id = f[0];
            if (id.isEmpty()) {
                problems.report("empty id");
                return null;
            }
            String label;
            if (labelById == null) {
                label = f[column];
                if (label.equals("NULL")) {
                    label = null;
                }
            } else {
                label = labelById.get(id);
                if (label == null) {
                    problems.report("tweet " + id + " has no label in " + labels.getFileName());
                    return null;
                }
                if (!seen.add(id)) {
                    problems.report("tweet id " + id + " appears twice");
                    return null;
                }
            }
            return new LabelledText(id, f[1], label);
        }
    }
}
