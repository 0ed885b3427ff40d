package dev.lexray.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.TextOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dynamic batching without a model: the work records every batch it is given and answers each text with itself in
 * upper case (a text "bad" fails), so merging, splitting back, bounds and shutdown are checked exactly.
 */
@Timeout(60)
class BatcherTest {
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch gate = new CountDownLatch(1);

    /** Upper-cases each text; the first batch waits at the gate so that others queue up behind it. */
    private Function<List<String>, List<? extends TextOutcome<?>>> work() {
        return texts -> {
            if (texts.contains("first")) {
                await(gate);
            }
            batches.add(List.copyOf(texts));
            List<TextOutcome<?>> out = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                out.add(t.equals("bad") ? new TextOutcome.Failure<>(i, t, "bad text")
                        : new TextOutcome.Success<>(i, t.toUpperCase()));
            }
            return out;
        };
    }

    private Batcher batcher(boolean enabled, int maxTexts, long waitMillis, int capacity) {
        return new Batcher(new ServeOptions.Batching(enabled, maxTexts, Duration.ofMillis(waitMillis), 1), capacity,
                sizes::add);
    }

    private static final Batcher.Key A = new Batcher.Key("m", "a", 0);
    private static final Batcher.Key B = new Batcher.Key("m", "b", 0);

    @Test
    void concurrentRequestsOfOneKeyMergeAndSplitBackInOrder() throws Exception {
        try (Batcher b = batcher(true, 8, 200, 100)) {
            CompletableFuture<List<TextOutcome<?>>> first = b.submit(A, List.of("first"), work());
            waitUntil(() -> b.queuedRequests() == 0); // the worker holds "first" at the gate
            List<CompletableFuture<List<TextOutcome<?>>>> later = new ArrayList<>();
            later.add(b.submit(A, List.of("x1", "x2"), work()));
            later.add(b.submit(B, List.of("other"), work()));
            later.add(b.submit(A, List.of("bad", "x3"), work()));
            later.add(b.submit(A, List.of("x4"), work()));
            gate.countDown();
            assertThat(results(first.get(10, TimeUnit.SECONDS))).containsExactly("0:FIRST");
            assertThat(results(later.get(0).get(10, TimeUnit.SECONDS))).containsExactly("0:X1", "1:X2");
            assertThat(results(later.get(1).get(10, TimeUnit.SECONDS))).containsExactly("0:OTHER");
            assertThat(results(later.get(2).get(10, TimeUnit.SECONDS))).containsExactly("0:!bad text", "1:X3");
            assertThat(results(later.get(3).get(10, TimeUnit.SECONDS))).containsExactly("0:X4");
            // The three A requests ran as one batch of five texts, in arrival order; B ran alone.
            assertThat(batches).containsExactly(List.of("first"), List.of("x1", "x2", "bad", "x3", "x4"),
                    List.of("other"));
            assertThat(sizes).containsExactly(1, 5, 1);
        }
    }

    @Test
    void aBatchHoldsAtMostMaxTexts() throws Exception {
        try (Batcher b = batcher(true, 3, 200, 100)) {
            CompletableFuture<List<TextOutcome<?>>> first = b.submit(A, List.of("first"), work());
            waitUntil(() -> b.queuedRequests() == 0);
            List<CompletableFuture<List<TextOutcome<?>>>> later = new ArrayList<>();
            for (String t : List.of("a", "b", "c", "d", "e")) {
                later.add(b.submit(A, List.of(t), work()));
            }
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<List<TextOutcome<?>>> f : later) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(batches).containsExactly(List.of("first"), List.of("a", "b", "c"), List.of("d", "e"));
        }
    }

    @Test
    void withoutBatchingEveryRequestRunsAlone() throws Exception {
        try (Batcher b = batcher(false, 32, 5, 100)) {
            CompletableFuture<List<TextOutcome<?>>> first = b.submit(A, List.of("first"), work());
            waitUntil(() -> b.queuedRequests() == 0);
            CompletableFuture<List<TextOutcome<?>>> x = b.submit(A, List.of("x1", "x2"), work());
            CompletableFuture<List<TextOutcome<?>>> y = b.submit(A, List.of("y"), work());
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(results(x.get(10, TimeUnit.SECONDS))).containsExactly("0:X1", "1:X2");
            assertThat(results(y.get(10, TimeUnit.SECONDS))).containsExactly("0:Y");
            assertThat(batches).containsExactly(List.of("first"), List.of("x1", "x2"), List.of("y"));
        }
    }

    @Test
    void aFullQueueRejectsAtOnceAndAnsweredRequestsAreDroppedUnrun() throws Exception {
        try (Batcher b = batcher(true, 32, 5, 3)) {
            CompletableFuture<List<TextOutcome<?>>> first = b.submit(A, List.of("first"), work());
            waitUntil(() -> b.queuedRequests() == 0);
            CompletableFuture<List<TextOutcome<?>>> x = b.submit(A, List.of("x1", "x2"), work());
            assertThatThrownBy(() -> b.submit(A, List.of("y1", "y2"), work()))
                    .isInstanceOfSatisfying(Batcher.Rejected.class, r -> assertThat(r.shuttingDown).isFalse());
            assertThat(b.queuedTexts()).isEqualTo(2);
            x.completeExceptionally(new TimeoutException()); // the server's timeout withdraws it
            CompletableFuture<List<TextOutcome<?>>> z = b.submit(A, List.of("z1", "z2", "z3"), work());
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(results(z.get(10, TimeUnit.SECONDS))).containsExactly("0:Z1", "1:Z2", "2:Z3");
            assertThat(batches).containsExactly(List.of("first"), List.of("z1", "z2", "z3"));
        }
    }

    @Test
    void drainFinishesEveryAcceptedRequestAndRefusesNewOnes() throws Exception {
        try (Batcher b = batcher(true, 2, 5, 100)) {
            List<CompletableFuture<List<TextOutcome<?>>>> accepted = new ArrayList<>();
            accepted.add(b.submit(A, List.of("first"), work()));
            waitUntil(() -> b.queuedRequests() == 0);
            for (int i = 0; i < 7; i++) {
                accepted.add(b.submit(i % 2 == 0 ? A : B, List.of("t" + i), work()));
            }
            CountDownLatch drained = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    assertThat(b.drain(20_000)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                drained.countDown();
            });
            t.start();
            waitUntil(() -> {
                try {
                    b.submit(A, List.of("late"), work()).cancel(true);
                    return false;
                } catch (Batcher.Rejected r) {
                    return r.shuttingDown;
                }
            });
            gate.countDown();
            assertThat(drained.await(20, TimeUnit.SECONDS)).isTrue();
            for (CompletableFuture<List<TextOutcome<?>>> f : accepted) {
                assertThat(f).isCompleted();
                assertThat(f.get()).hasSize(1);
            }
            assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(8);
        }
    }

    private static List<String> results(List<TextOutcome<?>> outcomes) {
        List<String> out = new ArrayList<>();
        for (TextOutcome<?> o : outcomes) {
            out.add(o.index() + ":" + (o instanceof TextOutcome.Success<?> s ? s.result()
                    : "!" + ((TextOutcome.Failure<?>) o).error()));
        }
        return out;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
