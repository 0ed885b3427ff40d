package dev.lexray.corpus;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one corpus format. The stream reads lazily (records are parsed as they are consumed) and holds its
 * files open until it is closed, so use it in try-with-resources. Labels come out as the file spells them
 * (SST {@code "0"}..{@code "4"}, ERASER {@code "NEG"}); {@link Corpora} maps them to a named corpus' label names.
 * Malformed records are reported to {@code problems}, which skips them or throws (strict mode).
 */
@FunctionalInterface
public interface CorpusReader {
    Stream<LabelledText> read(Problems problems);

    /** The records of several readers, one after the other (for example one format over several files). */
    static CorpusReader concat(List<? extends CorpusReader> readers) {
        if (readers.size() == 1) {
            return readers.get(0);
        }
        return problems -> new RecordIterator() {
            private final Iterator<? extends CorpusReader> rest = readers.iterator();
            private Stream<LabelledText> current;
            private Iterator<LabelledText> it;

            @Override
            protected LabelledText computeNext() {
                while (it == null || !it.hasNext()) {
                    close();
                    if (!rest.hasNext()) {
                        return null;
                    }
                    current = rest.next().read(problems);
                    it = current.iterator();
                }
                return it.next();
            }

            @Override
            public void close() {
                if (current != null) {
                    current.close();
                    current = null;
                    it = null;
                }
            }
        }.stream();
    }
}
