package dev.lexray;

import dev.lexray.LexrayModel.Unit;
import dev.lexray.model.SequentialClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Length buckets and worker threads. Units are sorted by token count (stable, so equal lengths keep their order) and
 * cut into batches of similar length, which keeps padding small; each batch is a list of unit indices, so results go
 * back to input order. Batches run on {@code workers} threads (the caller's thread is one of them), the longest
 * first so that the last batches to finish are short.
 */
final class Batches {
    private Batches() {}

    /** Unit indices, sorted by length and cut into batches of at most {@code size}. */
    static List<int[]> byLength(List<Unit> units, int size) {
        return byBudget(units, size, Long.MAX_VALUE, TokenCost.TOKENS);
    }

    /**
     * Unit indices in batches of at most {@code options.batchSize()} within {@code options.tokenBudget()}, and, on a
     * transformer, within {@link TokenCost#BATCH_BYTES} of estimated trace memory per batch.
     */
    static List<int[]> byBudget(List<Unit> units, ExplainOptions options, SequentialClassifier classifier) {
        TokenCost cost = TokenCost.of(classifier);
        long budget = Math.min(options.tokenBudget(),
                cost.slotsWithin(TokenCost.BATCH_BYTES, options.precision().dataType()));
        return byBudget(units, options.batchSize(), budget, cost);
    }

    /**
     * Unit indices, sorted by length and cut greedily into batches of at most {@code size} units whose padded cost
     * is at most {@code budget}; a unit that alone costs more than the budget gets a batch of its own.
     */
    static List<int[]> byBudget(List<Unit> units, int size, long budget, TokenCost cost) {
        Integer[] order = new Integer[units.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> units.get(i).encoded().length()));
        List<int[]> batches = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= order.length; i++) {
            // Sorted ascending, so the unit added last sets the batch's padded length.
            boolean cut = i == order.length || i - from >= size
                    || cost.of(i + 1 - from, units.get(order[i]).encoded().length()) > budget;
            if (cut) {
                int[] idx = new int[i - from];
                for (int k = from; k < i; k++) {
                    idx[k - from] = order[k];
                }
                batches.add(idx);
                from = i;
            }
        }
        return batches;
    }

    /**
     * Cuts {@code units} into batches as {@link #byBudget(List, ExplainOptions, SequentialClassifier)} does and runs
     * them: a batch whose estimated trace is over {@link TokenCost#BATCH_BYTES} (a unit that alone is larger, such as
     * a 512-token BERT-base text) runs one at a time, since two of them at once could take the machine's memory;
     * the others run on {@code options.workers()} threads.
     */
    static void run(List<Unit> units, ExplainOptions options, SequentialClassifier classifier, ExecutorService pool,
            Consumer<int[]> work) {
        TokenCost cost = TokenCost.of(classifier);
        run(units, options, cost, cost.slotsWithin(TokenCost.BATCH_BYTES, options.precision().dataType()), pool, work);
    }

    /** As above, with the memory share in token slots given. */
    static void run(List<Unit> units, ExplainOptions options, TokenCost cost, long memory, ExecutorService pool,
            Consumer<int[]> work) {
        List<int[]> heavy = new ArrayList<>();
        List<int[]> light = new ArrayList<>();
        for (int[] batch : byBudget(units, options.batchSize(), Math.min(options.tokenBudget(), memory), cost)) {
            int length = Arrays.stream(batch).map(i -> units.get(i).encoded().length()).max().orElse(0);
            (cost.of(batch.length, length) > memory ? heavy : light).add(batch);
        }
        run(heavy, 1, pool, work);
        run(light, options.workers(), pool, work);
    }

    static <T> List<T> pick(List<T> all, int[] idx) {
        List<T> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(all.get(i));
        }
        return out;
    }

    /**
     * Runs {@code work} on every batch, {@code workers} at a time: the calling thread and {@code workers - 1} tasks on
     * {@code pool} take batches from a shared counter, longest first. The first failure stops the others from
     * taking new batches and is rethrown (unchecked exceptions as they are).
     */
    static void run(List<int[]> batches, int workers, ExecutorService pool, Consumer<int[]> work) {
        int n = batches.size();
        if (n == 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable runner = () -> {
            for (int k = next.getAndIncrement(); k < n && !failed.get(); k = next.getAndIncrement()) {
                try {
                    work.accept(batches.get(n - 1 - k));
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            }
        };
        int helpers = pool == null ? 0 : Math.min(workers - 1, n - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            futures.add(pool.submit(runner));
        }
        Throwable first = null;
        try {
            runner.run();
        } catch (RuntimeException | Error e) {
            first = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) {
                    first = new IllegalStateException("interrupted while explaining", e);
                }
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }
}
