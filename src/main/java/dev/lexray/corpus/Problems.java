package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where malformed records go while a corpus is read. In strict mode the first one throws a
 * {@link CorpusFormatException}; otherwise each is counted and the first few are kept for the summary.
 * Readers call {@link #at} before they hand out a record so that later checks (an unknown label, say)
 * can name the file and line of the record they are looking at.
 */
public final class Problems {
    private final boolean strict;
    private final int keep;
    private final List<Problem> kept = new ArrayList<>();
    private long count;
    private Path file;
    private long line;

    public Problems(boolean strict, int keep) {
        this.strict = strict;
        this.keep = Math.max(0, keep);
    }

    public boolean strict() {
        return strict;
    }

    /** Sets the position of the record being read. */
    public void at(Path file, long line) {
        this.file = file;
        this.line = line;
    }

    /** Reports a malformed record at {@code file:line}: throws in strict mode, counts otherwise. */
    public void report(Path file, long line, String reason) {
        Problem p = new Problem(file, line, reason);
        if (strict) {
            throw new CorpusFormatException(p);
        }
        count++;
        if (kept.size() < keep) {
            kept.add(p);
        }
    }

    /** Reports a malformed record at the current position. */
    public void report(String reason) {
        report(file, line, reason);
    }

    /** How many records were skipped. */
    public long count() {
        return count;
    }

    /** The first problems (as many as the limit given at construction). */
    public List<Problem> first() {
        return List.copyOf(kept);
    }
}
