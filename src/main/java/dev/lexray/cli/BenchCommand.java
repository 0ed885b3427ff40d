package dev.lexray.cli;

import dev.lexray.bench.BenchReport;
import dev.lexray.bench.BenchTexts;
import dev.lexray.bench.Benchmark;
import dev.lexray.bench.MatMulRate;
import dev.lexray.bench.SyntheticModel;
import dev.lexray.io.AtomicFiles;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray bench}: texts per second of LRP and the baselines against the forward pass. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures explanation speed: forward pass, LRP, gradient x input, Integrated Gradients, "
                + "occlusion and LIME on synthetic texts of fixed lengths, at several batch sizes.",
            "Median over repeated rounds with min and max; each method's time is divided by the forward pass's "
                    + "in the same round. Writes bench.md, bench.json and bench.html to --out; prints the table."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR",
            description = "A model directory (repeatable). Default: the reference BiLSTM and BERT under "
                    + "../shared/reference, and every model under models/.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--serve",
            description = "Measure lexray serve instead: requests per second and p50/p99 latency of one-text "
                    + "explain requests at --clients concurrent clients, with and without dynamic batching, in one "
                    + "run on 127.0.0.1 (first --model, default models/sentiment-bilstm-sst2; texts from --input). "
                    + "Writes serve-bench.md to --out.")
    boolean serve;

    @Option(names = "--clients", paramLabel = "N,...", split = ",", defaultValue = "1,8,32",
            description = "With --serve: concurrent clients (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "15",
            description = "With --serve: seconds per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "corpora/demo/reviews.txt",
            description = "With --serve: the texts, one per line (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Where to write bench.md, bench.json and bench.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--methods", paramLabel = "M,...", split = ",",
            defaultValue = "lrp,gradient-x-input,integrated-gradients,occlusion,lime",
            description = "Methods besides the forward pass: lrp, gradient-x-input, gradient, integrated-gradients, "
                    + "occlusion, lime; lrp-layers and lrp-neurons (LRP with explain --layers / --top-neurons 10) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--batch-sizes", paramLabel = "N,...", split = ",", defaultValue = "1,32,256",
            description = "Batch sizes of the fast methods (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--lengths", paramLabel = "N,...", split = ",", defaultValue = "8,16,32,64,128,256,512",
            description = "Words per text for the fast methods (default: ${DEFAULT-VALUE}).")
    List<Integer> lengths;

    @Option(names = "--slow-batch-sizes", paramLabel = "N,...", split = ",", defaultValue = "32",
            description = "Batch sizes of Integrated Gradients, occlusion and LIME (default: ${DEFAULT-VALUE}).")
    List<Integer> slowBatchSizes;

    @Option(names = "--slow-lengths", paramLabel = "N,...", split = ",", defaultValue = "8,32,128",
            description = "Words per text for Integrated Gradients, occlusion and LIME (default: ${DEFAULT-VALUE}).")
    List<Integer> slowLengths;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Timed rounds of the fast methods (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--slow-repeats", paramLabel = "N", defaultValue = "3",
            description = "Timed rounds of the slow methods (default: ${DEFAULT-VALUE}).")
    int slowRepeats;

    @Option(names = "--texts", paramLabel = "N", defaultValue = "16",
            description = "Fewest texts per measurement of the fast methods; at least 2 batches (or one per "
                    + "worker) are always run (default: ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--slow-texts", paramLabel = "N", defaultValue = "8",
            description = "Texts per measurement of the slow methods (default: ${DEFAULT-VALUE}).")
    int slowTexts;

    @Option(names = "--min-time", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "Each timed pass repeats a method over its texts until this long (default: ${DEFAULT-VALUE}).")
    double minTime;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "50",
            description = "Integrated Gradients steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "LIME samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the texts and LIME.")
    long seed;

    @Option(names = "--isolate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run each model, batch size and length in a fresh JVM, so that its peak resident memory is "
                    + "its own (default: ${DEFAULT-VALUE}; --no-isolate runs all in this JVM).")
    boolean isolate;

    @Option(names = "--synthetic", paramLabel = "SHAPE,...", split = ",",
            description = "Benchmark a model of this named shape with random weights, written to a temporary "
                    + "directory and deleted afterwards: bert-base, distilbert-base, roberta-base, bert-large, "
                    + "qwen2-0.5b, qwen2-1.5b (tiny shapes for tests: tiny, tiny-distilbert, tiny-roberta, tiny-qwen2). "
                    + "Its tokenizer has one token per bench word, so a text of N words is N + 2 tokens (N for a "
                    + "decoder). Unless given, methods are cp-lrp,attnlrp, lengths of 128 and 512 tokens (126,510 "
                    + "words; 128,512 when every shape is a decoder), batch sizes 1,32, texts 1 (that is, 2 batches), "
                    + "3 rounds, and a forward GFLOP/s table against the measured 1024x1024 matrix-multiply rate "
                    + "is added.")
    List<String> synthetic = new ArrayList<>();

    @Option(names = "--write-model", paramLabel = "DIR",
            description = "With one --synthetic SHAPE: write that model to DIR (a new directory), with 32 texts of "
                    + "128 and of 512 tokens (bench-texts-128.txt, bench-texts-512.txt) and 2,000 short texts with one of "
                    + "200,000 characters among them (bench-texts-stream.txt), and exit, so that explain and predict "
                    + "can be measured on it (e.g. under /usr/bin/time).")
    Path writeModel;

    @Option(names = "--quick", description = "A short run: batch sizes 1 and 32, 8 and 32 words, 2 rounds.")
    boolean quick;

    @Mixin
    ComputeOptions compute;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (serve) {
            Path model = models.isEmpty() ? Path.of("models", "sentiment-bilstm-sst2") : models.get(0);
            return ServeBench.run(model, input, clients, seconds, out, spec.commandLine().getOut(),
                    LexrayCommand.notes(spec));
        }
        compute.applyThreads();
        List<SyntheticModel.Shape> shapes = synthetic.stream().map(SyntheticModel::shape).toList();
        if (writeModel != null) {
            return writeModel(shapes);
        }
        if (!shapes.isEmpty()) {
            syntheticDefaults(shapes);
        }
        List<Path> dirs = new ArrayList<>(models.isEmpty() && shapes.isEmpty() ? defaultModels() : models);
        if (dirs.isEmpty() && shapes.isEmpty()) {
            throw new LexrayException("no model to benchmark: name one with --model DIR or --synthetic SHAPE");
        }
        if (methods.stream().noneMatch(Benchmark.SLOW::contains)) {
            // No slow method: no slow group, so no configuration runs (or starts a JVM) for it alone.
            slowBatchSizes = List.of();
            slowLengths = List.of();
        }
        var err = spec.commandLine().getErr();
        double matMul = Double.NaN;
        if (!shapes.isEmpty()) {
            // Measured first, while none of this run's models is in memory or computing.
            matMul = MatMulRate.measure(compute.workers(), 2.0);
            err.printf(Locale.ROOT, "lexray: float32 %dx%d matrix multiply: %.1f GFLOP/s (%d workers x %d threads)%n",
                    MatMulRate.SIZE, MatMulRate.SIZE, matMul, compute.workers(), TorchRuntime.threads());
        }
        List<SyntheticModel.Temporary> written = new ArrayList<>();
        try {
            for (SyntheticModel.Shape shape : shapes) {
                err.println("lexray: writing a random " + shape.name() + " model to a temporary directory");
                err.flush();
                SyntheticModel.Temporary t = SyntheticModel.Temporary.create(shape, seed);
                written.add(t);
                dirs.add(t.dir());
            }
            run(dirs, shapes, matMul);
        } finally {
            written.forEach(SyntheticModel.Temporary::close);
        }
        return 0;
    }

    private int writeModel(List<SyntheticModel.Shape> shapes) {
        if (shapes.size() != 1) {
            throw new LexrayException("--write-model needs exactly one --synthetic SHAPE");
        }
        if (Files.exists(writeModel)) {
            throw new LexrayException(writeModel + " exists: --write-model writes a new directory");
        }
        SyntheticModel.Shape shape = shapes.get(0);
        SyntheticModel.write(writeModel, shape, seed);
        for (int tokens : List.of(128, 512)) {
            // the synthetic tokenizer has every bench word as one token
            List<String> texts = BenchTexts.texts(32, tokens - shape.addedTokens(), seed);
            AtomicFiles.write(writeModel.resolve("bench-texts-" + tokens + ".txt"),
                    String.join("\n", texts) + "\n");
        }
        AtomicFiles.write(writeModel.resolve("bench-texts-stream.txt"), String.join("\n", stream(seed)) + "\n");
        spec.commandLine().getErr().println("lexray: wrote a random " + shape.name() + " model to " + writeModel);
        return 0;
    }

    /**
     * Issue 14's stream: 2,000 texts of 5 to 40 bench words and, in the middle, one text of 200,000 characters,
     * which one-by-count batching padded everything to.
     */
    static List<String> stream(long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            out.add(BenchTexts.texts(1, 5 + random.nextInt(36), seed + i).get(0));
        }
        StringBuilder longText = new StringBuilder();
        for (int i = 0; longText.length() < LONG_TEXT_CHARS; i++) {
            longText.append(BenchTexts.texts(1, 100, seed + 10_000 + i).get(0)).append(' ');
        }
        out.add(1000, longText.substring(0, LONG_TEXT_CHARS).strip());
        return out;
    }

    static final int LONG_TEXT_CHARS = 200_000;

    /** The defaults of a synthetic run, where the user gave no value: real-size models are slow on a CPU. */
    private void syntheticDefaults(List<SyntheticModel.Shape> shapes) {
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--methods")) {
            methods = List.of("cp-lrp", "attnlrp");
        }
        if (!parsed.hasMatchedOption("--lengths")) {
            int added = shapes.stream().mapToInt(SyntheticModel.Shape::addedTokens).max().orElse(2);
            lengths = List.of(128 - added, 512 - added);
        }
        if (!parsed.hasMatchedOption("--batch-sizes")) {
            batchSizes = List.of(1, 32);
        }
        if (!parsed.hasMatchedOption("--texts")) {
            texts = 1;
        }
        if (!parsed.hasMatchedOption("--repeats")) {
            repeats = 3;
        }
        if (!parsed.hasMatchedOption("--min-time")) {
            minTime = 0;
        }
    }

    private void run(List<Path> dirs, List<SyntheticModel.Shape> shapes, double matMul) {
        if (quick) {
            batchSizes = List.of(1, 32);
            lengths = List.of(8, 32);
            slowLengths = List.of(8);
            repeats = 2;
            slowRepeats = 2;
            minTime = Math.min(minTime, 0.1);
        }
        Benchmark.Config config;
        try {
            config = new Benchmark.Config(dirs, methods, batchSizes, lengths, slowBatchSizes, slowLengths, warmup,
                    repeats, slowRepeats, texts, slowTexts, minTime, compute.workers(), steps, samples, seed, isolate);
        } catch (IllegalArgumentException e) {
            throw new LexrayException(e.getMessage());
        }
        var err = spec.commandLine().getErr();
        Benchmark.Result result = new Benchmark(config, line -> {
            err.println(line);
            err.flush();
        }).run();
        String markdown = BenchReport.markdown(result);
        if (!shapes.isEmpty()) {
            result.machine().put("matmul_gflops_1024", matMul);
            markdown += flopsTable(result, shapes, matMul);
        }
        AtomicFiles.write(out.resolve("bench.md"), markdown);
        AtomicFiles.write(out.resolve("bench.json"), BenchReport.json(result));
        AtomicFiles.write(out.resolve("bench.html"), BenchReport.html(result));
        spec.commandLine().getOut().print(markdown);
        spec.commandLine().getOut().flush();
        err.println("lexray: wrote " + out.resolve("bench.md") + ", bench.json and bench.html");
    }

    /** Forward GFLOP/s of each synthetic shape's forward rows, and its fraction of the matrix-multiply rate. */
    static String flopsTable(Benchmark.Result result, List<SyntheticModel.Shape> shapes, double matMul) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n### Forward GFLOP/s (float32 %dx%d "
                + "matrix multiply on the same workers and threads: %.1f GFLOP/s)%n%n"
                + "| shape | batch | tokens | GFLOP per text | forward GFLOP/s | of matrix multiply |%n"
                + "|---|---:|---:|---:|---:|---:|%n", MatMulRate.SIZE, MatMulRate.SIZE, matMul));
        for (SyntheticModel.Shape shape : shapes) {
            for (Benchmark.Row r : result.rows()) {
                if (r.model().equals(shape.name()) && r.method().equals("forward")) {
                    double gflop = shape.forwardFlops(r.tokens()) / 1e9;
                    double rate = gflop * r.textsPerSecond();
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.1f | %.0f %% |%n", shape.name(),
                            r.batchSize(), r.tokens(), gflop, rate, 100 * rate / matMul));
                }
            }
        }
        return sb.toString();
    }

    /** The reference BiLSTM and BERT (when ../shared is there) and every model directory under models/. */
    static List<Path> defaultModels() {
        List<Path> out = new ArrayList<>();
        Path shared = Path.of(System.getProperty("lexray.shared", "../shared"));
        for (String ref : List.of("reference/lrp_for_lstm/model-bilstm", "reference/bert-sst2-tiny")) {
            Path p = shared.resolve(ref);
            if (Files.isRegularFile(p.resolve("config.json"))) {
                out.add(p);
            }
        }
        Path models = Path.of("models");
        if (Files.isDirectory(models)) {
            try (Stream<Path> s = Files.list(models)) {
                s.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new LexrayException("cannot list models/: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
