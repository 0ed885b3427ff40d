package dev.lexray.corpus;

import java.nio.file.Path;

/** A reader of a file with one record per line; blank lines are skipped, a header line is checked when asked. */
abstract class LineIterator extends RecordIterator {
    protected final TextInput in;
    protected final Problems problems;

    LineIterator(Path file, Problems problems) {
        this.in = TextInput.open(file);
        this.problems = problems;
    }

    protected final Path file() {
        return in.file();
    }

    /** Reads the first line and fails unless it is {@code expected}. */
    protected final void expectHeader(String expected, String formatName) {
        String header = in.readLine();
        if (!expected.equals(header)) {
            close();
            throw new CorpusFormatException(new Problem(file(), 1, "expected the " + formatName + " header "
                    + Formats.show(expected) + " but found " + (header == null ? "an empty file" : Formats.show(header))), "");
        }
    }

    /** Parses one non-blank line; returns {@code null} after reporting a malformed one. */
    protected abstract LabelledText parse(String line, long lineNumber);

    /** Whether a record made from the last line is still waiting (a line may yield several records). */
    protected boolean hasPending() {
        return false;
    }

    protected LabelledText nextPending() {
        throw new IllegalStateException();
    }

    @Override
    protected final LabelledText computeNext() {
        if (hasPending()) {
            return nextPending();
        }
        while (true) {
            long n = in.line();
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            if (line.isBlank()) {
                continue;
            }
            problems.at(file(), n);
            LabelledText r = parse(line, n);
            if (r != null) {
                return r;
            }
        }
    }

    /** The id of a record that has none of its own: {@code file-name:line}. */
    protected final String lineId(long lineNumber) {
        return file().getFileName() + ":" + lineNumber;
    }

    @Override
    public void close() {
        in.close();
    }
}
