package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One loaded model shared by 8 threads gives every thread exactly (bit for bit, compared as JSON) what the same calls
 * give one after another: 8 x 1,000 texts on the embedding-bag MLP, 8 x 150 on the BiLSTM (its step-by-step
 * recurrence costs about 2 ms a text on a busy 2-core machine, so 8 x 1,000 twice would take over 30 s) and 8 x 40
 * on the reference BERT. The threads use the list, the stream and the one-text entry points, both precisions, and start together.
 */
class ConcurrencyTest {
    static final int THREADS = 8;

    @TempDir
    static Path temp;

    /** Random texts over the tiny vocabulary, 1 to 12 words, different for every seed. */
    static List<String> texts(long seed, int n) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0, words = 1 + r.nextInt(12); k < words; k++) {
                b.append(k == 0 ? "" : " ").append(TinyModels.VOCAB.get(2 + r.nextInt(TinyModels.VOCAB.size() - 2)));
            }
            out.add(b.toString());
        }
        return out;
    }

    /**
     * How thread {@code t} explains its texts: as a list, as a stream in batches of 7, or the first 20 one at a
     * time and the rest as a list in float64 (one-by-one calls are the slow path; the code is the same).
     */
    static List<String> explain(LexrayModel m, List<String> texts, int t) {
        ExplainOptions options = ExplainOptions.defaults();
        List<Explanation> out = switch (t % 3) {
            case 0 -> m.explain(texts, options);
            case 1 -> m.explain(texts.stream(), options.withBatchSize(7)).toList();
            default -> {
                List<Explanation> all = new ArrayList<>();
                texts.subList(0, 20).forEach(x -> all.add(m.explain(x, options)));
                all.addAll(m.explain(texts.subList(20, texts.size()), options.withPrecision(Precision.FLOAT64)));
                yield all;
            }
        };
        return out.stream().map(LexrayJson::toLine).toList();
    }

    static void check(LexrayModel m, int perThread, BiFunction<Long, Integer, List<String>> make) throws Exception {
        List<List<String>> inputs = new ArrayList<>();
        List<List<String>> serial = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(make.apply(1000L + t, perThread));
            serial.add(explain(m, inputs.get(t), t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    return explain(m, inputs.get(thread), thread);
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                List<String> got = futures.get(t).get(300, TimeUnit.SECONDS);
                assertThat(got).as("thread %d", t).hasSize(perThread);
                for (int i = 0; i < perThread; i++) {
                    assertThat(got.get(i)).as("thread %d text %d", t, i).isEqualTo(serial.get(t).get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightThreadsOnOneBagModelGiveTheSerialResults() throws Exception {
        try (LexrayModel m = Lexray.load(TinyModels.bagMlp(temp.resolve("bag")))) {
            check(m, 1000, ConcurrencyTest::texts);
        }
    }

    @Test
    void eightThreadsOnOneBilstmGiveTheSerialResults() throws Exception {
        try (LexrayModel m = Lexray.load(TinyModels.bilstm(temp.resolve("bilstm")))) {
            check(m, 150, ConcurrencyTest::texts);
        }
    }

    @Test
    void eightThreadsOnOneBertGiveTheSerialResults() throws Exception {
        try (LexrayModel m = Lexray.load(SharedData.require("reference/bert-sst2-tiny"))) {
            check(m, 40, (seed, n) -> texts(seed, n).stream().map(t -> t + " , a charming \u00E9t\u00E9 \uD83D\uDC4D")
                    .toList());
        }
    }
}
