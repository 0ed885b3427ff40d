package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The base of the streaming readers: {@link #computeNext} returns the next record or {@code null} at the end. */
abstract class RecordIterator implements Iterator<LabelledText>, AutoCloseable {
    private LabelledText next;
    private boolean done;

    /** The next record, or {@code null} when there are no more. Malformed records are reported and skipped here. */
    protected abstract LabelledText computeNext();

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            next = computeNext();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public final LabelledText next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LabelledText r = next;
        next = null;
        return r;
    }

    @Override
    public abstract void close();

    /** The records of {@code files} read one after the other, each opened by {@code open} when its turn comes. */
    static Stream<LabelledText> overFiles(List<Path> files, Problems problems,
                                          BiFunction<Path, Problems, RecordIterator> open) {
        return CorpusReader.concat(files.stream().<CorpusReader>map(f -> p -> open.apply(f, p).stream()).toList())
                .read(problems);
    }

    /** A sequential stream over this iterator that closes it when the stream is closed. */
    final Stream<LabelledText> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }
}
