package dev.lexray.serve;

import dev.lexray.LexrayJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lexray bench --serve}: what dynamic batching buys. Starts two servers on free loopback ports with the
 * same model, one merging concurrent requests and one running each alone (same workers, same limits), and for each
 * number of concurrent clients drives both in turn (interleaved, so that a busy machine weighs on both alike) with
 * one-text explain requests for a fixed time: requests per second, median and 99th percentile latency, mean texts
 * per batch, and the ratios. Targets 127.0.0.1 only; every cell stops after its time.
 */
public final class LoadBench {
    /**
     * One measurement.
     *
     * @param batching whether the server merged requests
     * @param clients concurrent clients, each sending its next request when the last is answered
     * @param requests answered with 200
     * @param errors answered otherwise, or not at all
     * @param seconds how long it ran
     * @param p50Millis median latency
     * @param p99Millis 99th percentile latency
     * @param meanBatch mean texts per batch the server ran
     */
    public record Cell(boolean batching, int clients, long requests, long errors, double seconds, double p50Millis,
            double p99Millis, double meanBatch) {
        public double throughput() {
            return requests / seconds;
        }
    }

    private static final Pattern SUM = Pattern.compile("(?m)^lexray_batch_texts_sum (\\S+)$");
    private static final Pattern COUNT = Pattern.compile("(?m)^lexray_batch_texts_count (\\S+)$");

    private LoadBench() {}

    /** Runs every cell: for each client count, unbatched then batched, each for {@code perCell}. */
    public static List<Cell> run(Path model, List<String> texts, List<Integer> clients, Duration perCell,
            PrintWriter progress) throws InterruptedException {
        ServeOptions base = ServeOptions.defaults(List.of(model)).withPort(0);
        ServeOptions.Batching b = base.batching();
        List<Cell> cells = new ArrayList<>();
        try (LexrayServer alone = LexrayServer.start(base.withBatching(
                new ServeOptions.Batching(false, b.maxTexts(), b.maxWait(), b.workers())));
                LexrayServer merged = LexrayServer.start(base)) {
            String name = merged.modelNames().get(0);
            for (LexrayServer s : List.of(alone, merged)) {
                measure(s, name, texts, 8, Duration.ofSeconds(3), false); // warm-up: JIT, libtorch
            }
            for (int n : clients) {
                for (LexrayServer s : List.of(alone, merged)) {
                    Cell c = measure(s, name, texts, n, perCell, s == merged);
                    progress.printf(Locale.ROOT, "lexray: %s, %d clients: %.1f req/s, p50 %.1f ms, p99 %.1f ms%n",
                            c.batching() ? "batched" : "unbatched", n, c.throughput(), c.p50Millis(), c.p99Millis());
                    progress.flush();
                    cells.add(c);
                }
            }
        }
        return cells;
    }

    private static Cell measure(LexrayServer server, String model, List<String> texts, int clients, Duration time,
            boolean batching) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(server.url() + "/v1/models/" + model + "/explain");
        double[] before = batches(http, server);
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[][] mine = {new long[1024]};
            int[] count = {0};
            Thread t = new Thread(() -> {
                int i = client * 7;
                while (System.nanoTime() < deadline) {
                    String body = "{\"texts\": " + LexrayJson.toLine(List.of(texts.get(i++ % texts.size()))) + "}";
                    HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (count[0] == mine[0].length) {
                        mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
                    }
                    mine[0][count[0]++] = System.nanoTime() - t0;
                }
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(mine[0], count[0]));
                }
            }, "lexray-load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double[] after = batches(http, server);
        double batchCount = after[1] - before[1];
        return new Cell(batching, clients, all.length, errors.get(), seconds, percentile(all, 0.50),
                percentile(all, 0.99), batchCount > 0 ? (after[0] - before[0]) / batchCount : 0);
    }

    /** Texts and batches run so far, from the server's own metrics. */
    private static double[] batches(HttpClient http, LexrayServer server) throws InterruptedException {
        try {
            String m = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new double[] {value(SUM, m), value(COUNT, m)};
        } catch (IOException e) {
            return new double[] {0, 0};
        }
    }

    private static double value(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** The table: one row per client count, unbatched and batched side by side, and their ratios. */
    public static String markdown(List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append("| clients | unbatched req/s | batched req/s | throughput ratio | unbatched p50 / p99 ms | ")
                .append("batched p50 / p99 ms | p50 ratio | p99 ratio | texts per batch (batched) | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i + 1 < cells.size(); i += 2) {
            Cell a = cells.get(i);
            Cell m = cells.get(i + 1);
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2fx | %.1f / %.1f | %.1f / %.1f | %.2fx | "
                    + "%.2fx | %.1f | %d |%n", a.clients(), a.throughput(), m.throughput(),
                    m.throughput() / a.throughput(), a.p50Millis(), a.p99Millis(), m.p50Millis(), m.p99Millis(),
                    m.p50Millis() / a.p50Millis(), m.p99Millis() / a.p99Millis(), m.meanBatch(),
                    a.errors() + m.errors()));
        }
        return sb.toString();
    }
}
