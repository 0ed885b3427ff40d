package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the model readers: random byte flips, truncations, insertions and length-field rewrites of a valid
 * {@code model.safetensors}, and random value, key and byte mutations of {@code config.json} (word-level and
 * HuggingFace BERT). Every mutated directory must load (and then predict and explain) or fail with a
 * {@link LexrayException}: no other exception or error, no hang (each case has 20 s), no unbounded allocation (an
 * OutOfMemoryError would be reported as a failure).
 */
class ModelFileFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Path dir;
    static byte[] weights;
    static byte[] bagConfig;
    static byte[] bilstmConfig;
    static ExecutorService runner;
    static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("lexray-fuzz");
        Path bag = TinyModels.bagMlp(dir.resolve("bag-original"));
        weights = Files.readAllBytes(bag.resolve("model.safetensors"));
        bagConfig = Files.readAllBytes(bag.resolve("config.json"));
        bilstmConfig = Files.readAllBytes(TinyModels.bilstm(dir.resolve("bilstm-original")).resolve("config.json"));
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void tearDown() throws IOException {
        runner.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Runs {@code work}: it may return or throw a LexrayException, nothing else, within 20 s. */
    static void onlyLexrayException(String what, Callable<?> work) {
        Future<?> f = runner.submit(work);
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            fail(what + ": still running after 20 s");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof LexrayException)) {
                throw new AssertionError(what + ": " + cause, cause);
            }
            assertThat(cause.getMessage()).as(what).isNotBlank();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    // ---- safetensors ----

    enum Mutation { FLIP_HEADER, FLIP_ANYWHERE, TRUNCATE, INSERT, DELETE, LENGTH_FIELD, SWAP_HEADER_BYTES }

    static byte[] mutate(byte[] original, Mutation kind, Random r) {
        byte[] b = original.clone();
        int headerEnd = 8 + (int) ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        switch (kind) {
            case FLIP_HEADER -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    int at = 8 + r.nextInt(headerEnd - 8);
                    b[at] = r.nextBoolean() ? (byte) (b[at] ^ (1 << r.nextInt(8))) : (byte) r.nextInt(256);
                }
            }
            case FLIP_ANYWHERE -> {
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                    int at = r.nextInt(b.length);
                    b[at] = (byte) (b[at] ^ (1 << r.nextInt(8)));
                }
            }
            case TRUNCATE -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case INSERT -> {
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                b = concat(Arrays.copyOf(b, at), junk, Arrays.copyOfRange(b, at, b.length));
            }
            case DELETE -> {
                int at = r.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + r.nextInt(16));
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
            }
            case LENGTH_FIELD -> {
                long v = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> headerEnd - 8 + r.nextInt(64) - 32;
                    case 2 -> Long.MAX_VALUE - r.nextInt(10);
                    default -> r.nextInt(Integer.MAX_VALUE);
                };
                ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
            }
            case SWAP_HEADER_BYTES -> { // digits and punctuation of the header: offsets, shapes, quotes, braces
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    int at = 8 + r.nextInt(headerEnd - 8);
                    String alphabet = "0123456789-[]{},:\"eE.+ 9999999999";
                    b[at] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
                }
            }
        }
        return b;
    }

    @Property(tries = 400)
    void mutatedSafetensorsOnlyEverGiveALexrayException(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        Mutation kind = Mutation.values()[r.nextInt(Mutation.values().length)];
        byte[] mutated = mutate(weights, kind, r);
        Path file = dir.resolve("w.safetensors");
        Files.write(file, mutated);
        onlyLexrayException(kind + " (seed " + seed + ")", () -> SafetensorsFile.read(file));
    }

    @Property(tries = 60)
    void aModelWithMutatedWeightsLoadsAndExplainsOrFailsCleanly(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        Mutation kind = Mutation.values()[r.nextInt(Mutation.values().length)];
        Path model = dir.resolve("bag-w" + CASES.incrementAndGet());
        Files.createDirectories(model);
        Files.write(model.resolve("config.json"), bagConfig);
        Files.write(model.resolve("vocab.txt"), (String.join("\n", TinyModels.VOCAB) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(model.resolve("model.safetensors"), mutate(weights, kind, r));
        onlyLexrayException(kind + " (seed " + seed + ")", () -> useModel(model));
    }

    /** Loads, predicts and explains: a model that loads must work on a text it knows. */
    static Object useModel(Path model) {
        try (LexrayModel m = Lexray.load(model)) {
            m.predict("good movie");
            Explanation e = m.explain("the film is awful");
            return e.tokens();
        }
    }

    // ---- config.json ----

    static final List<JsonNode> ODD_VALUES = new ArrayList<>();

    static {
        for (String v : List.of("null", "true", "0", "-1", "1", "2", "3", "12", "100000000", "2147483647",
                "2147483648", "-2147483649", "9223372036854775807", "1e308", "1.5", "-0.0", "\"\"", "\"lstm\"",
                "\"bilstm\"", "\"gru\"", "\"embedding-bag-mlp\"", "\"bert\"", "\"mean\"", "\"max\"", "\"sum\"",
                "\"final\"", "\"first\"", "\"relu\"", "\"tanh\"", "\"standard\"", "\"whitespace\"", "\"ptb\"",
                "\"vocab.txt\"", "\"../vocab.txt\"", "\"/etc/passwd\"", "\"nul\\u0000byte\"", "\"\\ud800\"",
                "\"config.json\"", "\"model.safetensors\"", "\".\"", "[]", "[1]", "[0]", "[4]", "[4, 4]",
                "[-1]", "[null]", "[\"negative\", \"positive\"]", "[\"a\", \"a\"]", "[\"a\", null]", "{}",
                "{\"a\": 1}", "[[1]]")) {
            try {
                ODD_VALUES.add(JSON.readTree(v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final List<String> KEYS = List.of("architecture", "vocab_size", "embedding_dim", "hidden_size",
            "hidden_sizes", "num_layers", "activation", "pooling", "num_labels", "labels", "tokenizer", "lowercase",
            "analyzer", "max_length", "model_type", "architectures", "id2label");

    static byte[] mutateConfig(byte[] original, Random r) throws IOException {
        if (r.nextInt(5) == 0) { // raw bytes
            byte[] b = original.clone();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                int at = r.nextInt(b.length);
                String alphabet = "{}[]\",:0123456789-";
                b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return r.nextInt(4) == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b;
        }
        ObjectNode config = (ObjectNode) JSON.readTree(original);
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            String key = KEYS.get(r.nextInt(KEYS.size()));
            switch (r.nextInt(4)) {
                case 0 -> config.remove(key);
                default -> config.set(key, ODD_VALUES.get(r.nextInt(ODD_VALUES.size())));
            }
        }
        return JSON.writeValueAsBytes(config);
    }

    @Property(tries = 150)
    void mutatedWordLevelConfigsLoadAndExplainOrFailCleanly(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        boolean bilstm = r.nextBoolean();
        Path model = dir.resolve((bilstm ? "bilstm-c" : "bag-c") + CASES.incrementAndGet());
        Path original = dir.resolve(bilstm ? "bilstm-original" : "bag-original");
        Files.createDirectories(model);
        for (String f : List.of("vocab.txt", "model.safetensors")) {
            Files.copy(original.resolve(f), model.resolve(f));
        }
        byte[] config = mutateConfig(bilstm ? bilstmConfig : bagConfig, r);
        Files.write(model.resolve("config.json"), config);
        onlyLexrayException("config " + new String(config, StandardCharsets.UTF_8), () -> useModel(model));
    }

    @Property(tries = 40)
    @SharedData.Requires("reference/bert-sst2-tiny")
    void mutatedTransformerConfigsLoadAndExplainOrFailCleanly(@ForAll long seed) throws IOException {
        Path bert = SharedData.root().resolve("reference/bert-sst2-tiny");
        Random r = new Random(seed);
        Path model = dir.resolve("bert");
        if (!Files.exists(model)) {
            Files.createDirectories(model);
            for (String f : List.of("tokenizer.json", "model.safetensors")) {
                Files.copy(bert.resolve(f), model.resolve(f));
            }
        }
        ObjectNode config = (ObjectNode) JSON.readTree(bert.resolve("config.json").toFile());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            String key = keys.get(r.nextInt(keys.size()));
            if (r.nextInt(4) == 0) {
                config.remove(key);
            } else {
                config.set(key, ODD_VALUES.get(r.nextInt(ODD_VALUES.size())));
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(config);
        Files.write(model.resolve("config.json"), bytes);
        onlyLexrayException("config " + new String(bytes, StandardCharsets.UTF_8), () -> useModel(model));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
