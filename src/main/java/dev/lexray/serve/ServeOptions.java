package dev.lexray.serve;

import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code lexray serve} runs: where it listens, which models it serves, who may call it, its limits and its
 * batching. Immutable; start from {@link #defaults(List)}.
 *
 * @param models the model directories (each served under its directory's name)
 * @param host the address to bind (127.0.0.1 by default: reachable from this machine only)
 * @param port the port (0 picks a free one)
 * @param token the bearer token every /v1 and /metrics call must carry, or null for none
 * @param limits what one request and the queue may hold
 * @param batching how concurrent requests are merged
 */
public record ServeOptions(List<Path> models, String host, int port, String token, Limits limits,
        Batching batching) {
    public ServeOptions {
        models = List.copyOf(models);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(batching, "batching");
        if (models.isEmpty()) {
            throw new LexrayException("name at least one --model DIR to serve");
        }
        if (port < 0 || port > 65_535) {
            throw new LexrayException("--port must be 0 to 65535, got " + port);
        }
        if (token != null && token.isBlank()) {
            throw new LexrayException("the token file is empty: put the bearer token on its first line");
        }
    }

    /** Loopback, port 8080, no token, the default limits and batching. */
    public static ServeOptions defaults(List<Path> models) {
        return new ServeOptions(models, "127.0.0.1", 8080, null, Limits.defaults(), Batching.defaults());
    }

    public ServeOptions withHost(String h) {
        return new ServeOptions(models, h, port, token, limits, batching);
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(models, host, p, token, limits, batching);
    }

    public ServeOptions withToken(String t) {
        return new ServeOptions(models, host, port, t, limits, batching);
    }

    public ServeOptions withLimits(Limits l) {
        return new ServeOptions(models, host, port, token, l, batching);
    }

    public ServeOptions withBatching(Batching b) {
        return new ServeOptions(models, host, port, token, limits, b);
    }

    /**
     * What one request and the queue may hold; beyond them the server answers at once (413, 429) instead of
     * queueing work it cannot finish.
     *
     * @param maxBodyBytes the largest request body
     * @param maxTexts the most texts in one request
     * @param maxChars the most characters (UTF-16 units, as the JSON offsets count) in one text
     * @param timeout how long a request may wait and run before it is answered 503
     * @param queueTexts the most texts waiting for a worker, over all requests and models
     * @param drain how long a shutdown waits for accepted requests to finish
     */
    public record Limits(long maxBodyBytes, int maxTexts, int maxChars, Duration timeout, int queueTexts,
            Duration drain) {
        public Limits {
            positive("--max-body-bytes", maxBodyBytes);
            positive("--max-texts", maxTexts);
            positive("--max-chars", maxChars);
            positive("--queue", queueTexts);
            if (timeout.isNegative() || timeout.isZero() || drain.isNegative()) {
                throw new LexrayException("--timeout must be positive and --drain not negative");
            }
            if (queueTexts < maxTexts) {
                throw new LexrayException("--queue (" + queueTexts + ") must hold at least --max-texts ("
                        + maxTexts + ") texts, or a full request could never be accepted");
            }
        }

        /** 1 MiB bodies, 64 texts of 10,000 characters, 30 s, 1,024 queued texts, 30 s to drain. */
        public static Limits defaults() {
            return new Limits(1 << 20, 64, 10_000, Duration.ofSeconds(30), 1024, Duration.ofSeconds(30));
        }
    }

    /**
     * Dynamic batching: a worker takes the oldest request and, for at most {@code maxWait}, gathers the queued
     * requests for the same model and settings until the batch holds {@code maxTexts} texts, then explains them in
     * one call and splits the answers back.
     *
     * @param enabled false: every request is explained alone (its own texts still form one batch)
     * @param maxTexts the most texts in a merged batch
     * @param maxWait how long the oldest request waits for company
     * @param workers batches explained at once (one libtorch thread each)
     */
    public record Batching(boolean enabled, int maxTexts, Duration maxWait, int workers) {
        public Batching {
            positive("--batch-max", maxTexts);
            positive("--workers", workers);
            if (maxWait.isNegative()) {
                throw new LexrayException("--batch-wait-ms must not be negative");
            }
        }

        /** On, 32 texts, 5 ms, one worker per core. */
        public static Batching defaults() {
            return new Batching(true, 32, Duration.ofMillis(5), Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new LexrayException(name + " must be at least 1, got " + value);
        }
    }
}
