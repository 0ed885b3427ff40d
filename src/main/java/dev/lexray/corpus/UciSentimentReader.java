package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * UCI Sentiment Labelled Sentences (Kotzias et al. 2015): {@code sentence\t0|1} per line, no header.
 * Sentences stay raw (quotes included); trailing ASCII spaces before the tab (every IMDb line has two) are
 * removed; U+0085 inside a sentence is text, not a line end. Ids are {@code file:line}; labels {@code "0"}, {@code "1"}.
 */
public final class UciSentimentReader implements CorpusReader {
    private final List<Path> files;

    public UciSentimentReader(List<Path> files) {
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
            return GlueTsvReader.sentenceTabLabel(this, line, lineNumber, "0", "1");
        }
    }
}
