package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * GLUE SST-2 TSV: header {@code sentence\tlabel}, then {@code sentence \t0|1} per line. The sentences are
 * tokenised and lowercased and end with a space before the tab; trailing ASCII spaces are removed. Ids are
 * {@code file:line}; labels come out as {@code "0"} (negative) and {@code "1"} (positive).
 */
public final class GlueTsvReader implements CorpusReader {
    static final String HEADER = "sentence\tlabel";
    private final List<Path> files;

    public GlueTsvReader(List<Path> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return RecordIterator.overFiles(files, problems, Lines::new);
    }

    private static final class Lines extends LineIterator {
        Lines(Path file, Problems problems) {
            super(file, problems);
            expectHeader(HEADER, "GLUE SST-2");
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            return sentenceTabLabel(this, line, lineNumber, "0", "1");
        }
    }

    /** A {@code sentence<TAB>label} line with one of {@code labels}; shared with the UCI reader. */
    static LabelledText sentenceTabLabel(LineIterator it, String line, long lineNumber, String... labels) {
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
            it.problems.report("expected sentence<TAB>label (exactly one tab), found " + Formats.show(line));
            return null;
        }
        String label = line.substring(tab + 1).strip();
        if (!List.of(labels).contains(label)) {
            it.problems.report("label " + Formats.show(label) + " is not one of " + String.join(", ", labels));
            return null;
        }
        String text = Formats.stripTrailingSpaces(line.substring(0, tab));
        if (text.isEmpty()) {
            it.problems.report("empty sentence");
            return null;
        }
        return new LabelledText(it.lineId(lineNumber), text, label);
    }
}
