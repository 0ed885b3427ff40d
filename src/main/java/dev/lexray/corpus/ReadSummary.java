package dev.lexray.corpus;

import java.util.List;
import java.util.Map;

/**
 * What reading a corpus split gave, so far (complete once the stream is consumed).
 *
 * @param records  records handed out
 * @param labels   records per label name, in the corpus' label order (unlabelled texts under {@code "(none)"})
 * @param excluded well-formed records left out on purpose, per reason (a label the corpus drops, no label)
 * @param skipped  malformed records skipped
 * @param problems the first malformed records, with file and line
 */
public record ReadSummary(long records, Map<String, Long> labels, Map<String, Long> excluded, long skipped,
                          List<Problem> problems) {
    /** The label name used for texts without a label in {@link #labels}. */
    public static final String NO_LABEL = "(none)";

    /** A few lines for people: counts per label, exclusions, skipped records and the first problems. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("records: ").append(records).append('\n');
        labels.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        excluded.forEach((k, v) -> sb.append("excluded (").append(k).append("): ").append(v).append('\n'));
        sb.append("skipped (malformed): ").append(skipped).append('\n');
        for (Problem p : problems) {
            sb.append("  ").append(p).append('\n');
        }
        if (skipped > problems.size()) {
            sb.append("  ... and ").append(skipped - problems.size()).append(" more\n");
        }
        return sb.toString();
    }
}
