package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A stream of results that pulls its texts a batch at a time, only as it is consumed, so that a stream of any length
 * (the lines of a large file, a message queue) runs in constant memory. Errors name texts by their position in the
 * whole stream, not in the batch.
 */
final class LazyBatches {
    private LazyBatches() {}

    /**
     * Pulls {@code size} texts at a time from {@code texts} and maps each batch with {@code work}; the result is
     * sequential and ordered like {@code texts}, and closing it closes {@code texts}.
     */
    static <R> Stream<R> of(Stream<String> texts, int size, Function<List<String>, List<R>> work) {
        Iterator<String> source = texts.iterator();
        Spliterator<R> batches = new Spliterator<>() {
            private Iterator<R> current = Collections.emptyIterator();
            private long offset;

            @Override
            public boolean tryAdvance(Consumer<? super R> action) {
                if (!current.hasNext()) {
                    List<String> batch = new ArrayList<>(size);
                    while (batch.size() < size && source.hasNext()) {
                        batch.add(source.next());
                    }
                    if (batch.isEmpty()) {
                        return false;
                    }
                    current = run(batch).iterator();
                    offset += batch.size();
                }
                action.accept(current.next());
                return true;
            }

            private List<R> run(List<String> batch) {
                try {
                    return work.apply(batch);
                } catch (TextException e) {
                    throw new TextException(Math.toIntExact(offset + e.index()), e.reason(), e.getCause());
                } catch (LexrayException e) {
                    if (batch.size() == 1) { // a list of one reports its text's problem without a position
                        throw new TextException(Math.toIntExact(offset), e.getMessage(), e);
                    }
                    throw e;
                }
            }

            @Override
            public Spliterator<R> trySplit() {
                return null;
            }

            @Override
            public long estimateSize() {
                return Long.MAX_VALUE;
            }

            @Override
            public int characteristics() {
                return ORDERED | NONNULL;
            }
        };
        return StreamSupport.stream(batches, false).onClose(texts::close);
    }
}
