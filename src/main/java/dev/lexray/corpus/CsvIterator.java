package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;

/**
 * A reader of a delimited file, one record at a time: RFC 4180 records (quoted fields may hold delimiters, line
 * breaks and doubled quotes) when {@code quoted}, otherwise one record per line split at the delimiter.
 * Blank records are skipped; {@link #recordLine} is the line where the current record starts.
 */
abstract class CsvIterator extends RecordIterator {
    protected final TextInput in;
    protected final Problems problems;
    private final char delimiter;
    private final boolean quoted;
    /** The line where the record last returned by {@link #nextFields} starts. */
    protected long recordLine;

    CsvIterator(Path file, Problems problems, char delimiter, boolean quoted) {
        this.in = TextInput.open(file);
        this.problems = problems;
        this.delimiter = delimiter;
        this.quoted = quoted;
    }

    protected final Path file() {
        return in.file();
    }

    /** The next record that parses (malformed ones are reported), or {@code null} at the end. */
    protected final List<String> nextFields() {
        while (true) {
            recordLine = in.line();
            problems.at(file(), recordLine);
            List<String> fields;
            if (quoted) {
                try {
                    fields = in.readCsvRecord(delimiter);
                } catch (TextInput.CsvSyntaxException e) {
                    problems.report(e.getMessage());
                    continue;
                }
            } else {
                String line = in.readLine();
                fields = line == null ? null : List.of(line.split(String.valueOf(delimiter), -1));
            }
            if (fields == null || !(fields.size() == 1 && fields.get(0).isBlank())) {
                return fields;
            }
        }
    }

    /** Converts one record; returns {@code null} after reporting a malformed one. */
    protected abstract LabelledText parse(List<String> fields, long lineNumber);

    @Override
    protected final LabelledText computeNext() {
        while (true) {
            List<String> fields = nextFields();
            if (fields == null) {
                return null;
            }
            LabelledText r = parse(fields, recordLine);
            if (r != null) {
                return r;
            }
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
