package dev.lexray.serve;

import dev.lexray.TextOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Dynamic batching, as Triton's and TorchServe's: requests wait in one bounded queue (counted in texts); a worker
 * takes the oldest and, for at most {@code maxWait}, gathers the queued requests with the same key (model and
 * settings) until the batch holds {@code maxTexts} texts, explains all their texts in one call, and splits the
 * outcomes back in order. While one worker gathers a key, the others take other keys, or wait; so with a single
 * busy key one worker computes while the next gathers. Disabled, every request is run alone.
 *
 * <p>A request that is already answered (timed out) when a worker reaches it is dropped unrun. {@link #close()}
 * refuses new requests, lets the workers finish every accepted one, then ends them.
 */
final class Batcher implements AutoCloseable {
    /**
     * What merges: requests with equal keys run through one call of the first one's work.
     *
     * @param model the model's name
     * @param settings everything that shapes the answer (method, rules, target, precision)
     * @param lengthClass a class of lengths, so that short texts are not padded to a long one's length
     */
    record Key(String model, String settings, int lengthClass) {}

    /** Why a request was not queued. */
    static final class Rejected extends Exception {
        final boolean shuttingDown;

        Rejected(boolean shuttingDown) {
            super(shuttingDown ? "shutting down" : "queue full", null, false, false);
            this.shuttingDown = shuttingDown;
        }
    }

    private record Job(Key key, List<String> texts, Function<List<String>, List<? extends TextOutcome<?>>> work,
            CompletableFuture<List<TextOutcome<?>>> future, long enqueued) {}

    private final ServeOptions.Batching options;
    private final int capacity;
    private final IntConsumer batchSizes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedList<Job> queue = new LinkedList<>();
    private final Set<Key> gathering = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    private int queuedTexts;
    private int running;
    private boolean closing;

    /**
     * @param capacity the most queued texts
     * @param batchSizes told the number of texts of every batch run
     */
    Batcher(ServeOptions.Batching options, int capacity, IntConsumer batchSizes) {
        this.options = options;
        this.capacity = capacity;
        this.batchSizes = batchSizes;
        for (int i = 0; i < options.workers(); i++) {
            Thread t = new Thread(this::work, "lexray-batch-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues {@code texts}; the future completes with one outcome per text, in order, indexed from 0 (or
     * exceptionally with the exception {@code work} threw). Complete it yourself (a timeout) to withdraw the
     * request if no worker has taken it yet.
     *
     * @throws Rejected when the queue has no room for the texts, or the batcher is closing
     */
    CompletableFuture<List<TextOutcome<?>>> submit(Key key, List<String> texts,
            Function<List<String>, List<? extends TextOutcome<?>>> work) throws Rejected {
        CompletableFuture<List<TextOutcome<?>>> future = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                throw new Rejected(true);
            }
            dropAnswered();
            if (queuedTexts + texts.size() > capacity) {
                throw new Rejected(false);
            }
            queue.add(new Job(key, List.copyOf(texts), work, future, System.nanoTime()));
            queuedTexts += texts.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return future;
    }

    /** Texts waiting for a worker. */
    int queuedTexts() {
        lock.lock();
        try {
            return queuedTexts;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a worker. */
    int queuedRequests() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            List<Job> batch;
            try {
                batch = next();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                run(batch);
            } finally {
                lock.lock();
                try {
                    running--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The next batch to run, or null once closing with nothing left. */
    private List<Job> next() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                dropAnswered();
                Job head = null;
                for (Job j : queue) {
                    if (!gathering.contains(j.key())) {
                        head = j;
                        break;
                    }
                }
                if (head == null) {
                    if (closing && queue.isEmpty()) {
                        return null;
                    }
                    changed.await();
                    continue;
                }
                if (!options.enabled()) {
                    return take(List.of(head));
                }
                gathering.add(head.key());
                try {
                    long deadline = head.enqueued() + options.maxWait().toNanos();
                    while (true) {
                        List<Job> company = company(head);
                        long left = deadline - System.nanoTime();
                        if (texts(company) >= options.maxTexts() || left <= 0 || closing || head.future().isDone()) {
                            break;
                        }
                        changed.awaitNanos(left);
                    }
                    dropAnswered();
                    List<Job> company = company(head);
                    if (company.isEmpty()) {
                        continue; // the head timed out while it waited
                    }
                    return take(company);
                } finally {
                    gathering.remove(head.key());
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The queued jobs of the head's key, oldest first, that fit in one batch (the first always does). */
    private List<Job> company(Job head) {
        List<Job> out = new ArrayList<>();
        int n = 0;
        for (Job j : queue) {
            if (j.key().equals(head.key()) && !j.future().isDone()
                    && (out.isEmpty() || n + j.texts().size() <= options.maxTexts())) {
                out.add(j);
                n += j.texts().size();
            }
        }
        return out;
    }

    private static int texts(List<Job> jobs) {
        return jobs.stream().mapToInt(j -> j.texts().size()).sum();
    }

    private List<Job> take(List<Job> jobs) {
        for (Job j : jobs) {
            queue.remove(j);
            queuedTexts -= j.texts().size();
        }
        running++;
        return jobs;
    }

    /** Forgets queued requests that were answered meanwhile (timed out). */
    private void dropAnswered() {
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (j.future().isDone()) {
                it.remove();
                queuedTexts -= j.texts().size();
            }
        }
    }

    private void run(List<Job> batch) {
        List<String> all = new ArrayList<>();
        for (Job j : batch) {
            all.addAll(j.texts());
        }
        batchSizes.accept(all.size());
        List<? extends TextOutcome<?>> outcomes;
        try {
            outcomes = batch.get(0).work().apply(all);
        } catch (RuntimeException | Error e) {
            batch.forEach(j -> j.future().completeExceptionally(e));
            return;
        }
        int offset = 0;
        for (Job j : batch) {
            List<TextOutcome<?>> mine = new ArrayList<>(j.texts().size());
            for (int i = 0; i < j.texts().size(); i++) {
                mine.add(reindex(outcomes.get(offset + i), i));
            }
            offset += j.texts().size();
            j.future().complete(mine);
        }
    }

    private static TextOutcome<?> reindex(TextOutcome<?> o, int index) {
        if (o instanceof TextOutcome.Success<?> s) {
            return new TextOutcome.Success<>(index, s.result());
        }
        TextOutcome.Failure<?> f = (TextOutcome.Failure<?>) o;
        return new TextOutcome.Failure<>(index, f.text(), f.error());
    }

    /**
     * Stops taking requests and waits, at most {@code timeoutMillis}, until every accepted one is answered.
     *
     * @return true when all were answered in time
     */
    boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            while (!queue.isEmpty() || running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Closes: refuses new requests and waits (a bounded while) for the workers to finish what they hold. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10)); // daemon threads: a stuck one cannot keep the JVM up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
