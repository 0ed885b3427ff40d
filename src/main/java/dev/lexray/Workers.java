package dev.lexray;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads one model's calls share: daemon threads, grown when a call asks for more workers than the pool
 * has, and stopped when the model closes. The caller's thread is always one of the workers, so a pool of
 * {@code workers - 1} threads serves {@code workers}.
 */
final class Workers implements AutoCloseable {
    private ExecutorService pool;
    private int size;

    /** A pool with at least {@code workers - 1} threads; null for one worker, which needs no pool. */
    synchronized ExecutorService pool(int workers) {
        if (workers <= 1) {
            return null;
        }
        if (pool == null || size < workers - 1) {
            if (pool != null) {
                pool.shutdown(); // lets batches already handed to the smaller pool finish
            }
            size = workers - 1;
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "lexray-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the threads at once (the model is closing, so no call may still use them). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
