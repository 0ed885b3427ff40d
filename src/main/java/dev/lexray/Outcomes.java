package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Per-text outcomes where a bad text does not stop the others ({@link OnError}): the work runs on whole batches, and
 * a text that fails is set aside as a {@link TextOutcome.Failure} while the rest of its batch is still processed.
 */
final class Outcomes {
    private Outcomes() {}

    /**
     * The outcomes of a lazily consumed stream (see {@link LazyBatches}), {@code size} texts at a time:
     * {@link OnError#FAIL} throws at the first bad text, {@link OnError#SKIP} leaves bad texts out,
     * {@link OnError#RECORD} yields a failure in their place. Positions count from the start of the stream.
     */
    static <R> Stream<TextOutcome<R>> stream(Stream<String> texts, int size, OnError onError,
            Function<List<String>, List<R>> work) {
        if (onError == OnError.FAIL) {
            return withPositions(LazyBatches.of(texts, size, work));
        }
        long[] offset = {0};
        Stream<TextOutcome<R>> all = LazyBatches.of(texts, size, batch -> {
            List<TextOutcome<R>> out = new ArrayList<>(batch.size());
            for (TextOutcome<R> o : each(batch, work)) {
                long at = offset[0] + o.index();
                if (o instanceof TextOutcome.Success<R> s) {
                    out.add(new TextOutcome.Success<>(at, s.result()));
                } else if (o instanceof TextOutcome.Failure<R> f) {
                    out.add(new TextOutcome.Failure<>(at, f.text(), f.error()));
                }
            }
            offset[0] += batch.size();
            return out;
        });
        return onError == OnError.SKIP ? all.filter(o -> o instanceof TextOutcome.Success<R>) : all;
    }

    private static <R> Stream<TextOutcome<R>> withPositions(Stream<R> results) {
        long[] index = {0};
        return results.map(r -> new TextOutcome.Success<>(index[0]++, r));
    }

    /**
     * Runs {@code work} over the texts and sets each text that fails aside: the batch is retried without a text a
     * {@link TextException} names (encoding fails before any computation, so a retry costs little), and run text by
     * text when a failure names no text.
     */
    static <R> List<TextOutcome<R>> each(List<String> texts, Function<List<String>, List<R>> work) {
        List<TextOutcome<R>> out = new ArrayList<>(Collections.nCopies(texts.size(), null));
        List<Integer> alive = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            alive.add(i);
        }
        while (!alive.isEmpty()) {
            List<String> batch = alive.stream().map(texts::get).toList();
            try {
                List<R> results = work.apply(batch);
                for (int j = 0; j < alive.size(); j++) {
                    out.set(alive.get(j), new TextOutcome.Success<>(alive.get(j), results.get(j)));
                }
                break;
            } catch (TextException e) {
                int i = alive.remove(e.index());
                out.set(i, new TextOutcome.Failure<>(i, texts.get(i), e.reason()));
            } catch (LexrayException e) {
                for (int i : alive) {
                    try {
                        out.set(i, new TextOutcome.Success<>(i, work.apply(List.of(texts.get(i))).get(0)));
                    } catch (LexrayException one) {
                        String reason = one instanceof TextException t ? t.reason() : one.getMessage();
                        out.set(i, new TextOutcome.Failure<>(i, texts.get(i), reason));
                    }
                }
                break;
            }
        }
        return out;
    }
}
