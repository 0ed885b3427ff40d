package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Plain text, one unlabelled text per line (blank lines skipped); ids are {@code file:line}. */
public final class PlainLinesReader implements CorpusReader {
    private final List<Path> files;

    public PlainLinesReader(List<Path> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return RecordIterator.overFiles(files, problems, Lines::new);
    }

    private static final class Lines extends LineIterator {
        Lines(Path file, Problems problems) {
            super(file, problems);
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            return new LabelledText(lineId(lineNumber), line, null);
        }
    }
}
