package dev.lexray.bench;

import dev.lexray.ExplainOptions;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.Rss;
import dev.lexray.runtime.TorchRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code lexray bench} harness: explains synthetic texts of fixed lengths at several batch sizes with LRP and
 * the baselines, and measures texts per second against the forward pass (prediction) of the same texts.
 *
 * <p>Protocol, per model, batch size and length: the same texts go through every method of the group; after
 * {@code warmup} untimed rounds, each of {@code repeats} rounds runs every method once, in a fixed order, so each
 * round gives paired ratios (method time / forward time, method time / LRP time) that a change in machine load
 * affects alike. Reported: the median over rounds and the spread (min and max). Peak resident memory is the
 * process's {@code VmHWM} during each run, its peak reset before the run ({@link Rss}).
 *
 * <p>With {@code isolate} (the CLI's default) every model, batch size and length runs in a fresh JVM
 * ({@link BenchChild}), so that its peak resident memory is its own: an allocator keeps freed memory, and a large
 * configuration would otherwise raise the figure of every one after it.
 *
 * <p>Two groups: the fast methods (forward, LRP, gradient x input, gradient) at every batch size and length of the
 * sweep; the slow ones (Integrated Gradients, occlusion, LIME) at fewer lengths and batch sizes, on fewer texts
 * ({@code slowTexts}), always alongside the forward pass and LRP of the same texts.
 */
public final class Benchmark {
    /**
     * {@code cp-lrp} and {@code attnlrp} are LRP with that attention rule (only transformers tell them apart);
     * {@code lrp-layers} is LRP with the relevance per layer, head and position, {@code lrp-neurons} with the 10 top
     * neurons per layer too (the cost of {@code explain --layers} and {@code --top-neurons 10}).
     */
    public static final List<String> FAST = List.of("forward", "lrp", "cp-lrp", "attnlrp", "lrp-layers",
            "lrp-neurons", "gradient-x-input", "gradient");
    public static final List<String> SLOW = List.of("integrated-gradients", "occlusion", "lime");

    /** What to measure. {@code methods} selects among {@link #FAST} and {@link #SLOW} (forward is always run). */
    public record Config(List<Path> models, List<String> methods, List<Integer> batchSizes, List<Integer> lengths,
            List<Integer> slowBatchSizes, List<Integer> slowLengths, int warmup, int repeats, int slowRepeats,
            int minTexts, int slowTexts, double minSeconds, int workers, int igSteps, int limeSamples, long seed,
            boolean isolate) {
        public Config {
            models = List.copyOf(models);
            methods = List.copyOf(methods);
            batchSizes = List.copyOf(batchSizes);
            lengths = List.copyOf(lengths);
            slowBatchSizes = List.copyOf(slowBatchSizes);
            slowLengths = List.copyOf(slowLengths);
            for (String m : methods) {
                if (!FAST.contains(m) && !SLOW.contains(m)) {
                    throw new IllegalArgumentException("unknown bench method '" + m + "': use one of " + FAST
                            + " or " + SLOW);
                }
            }
            if (repeats < 1 || slowRepeats < 1 || warmup < 0 || minTexts < 1 || slowTexts < 1 || workers < 1) {
                throw new IllegalArgumentException("repeats, texts and workers must be at least 1, warm-up 0");
            }
        }
    }

    /**
     * One method at one model, batch size and length. Rates are texts per second (median, min, max over rounds);
     * {@code ratio*} is this method's time over the forward pass's in the same round; {@code vsLrp} its time over
     * LRP's in the same round (how many times LRP is faster), NaN where LRP was not run alongside;
     * {@code cpuMsPerText} the process's CPU milliseconds per text (all threads) and {@code cpuRatio} the same
     * ratio in CPU time, both medians: under load from other processes they move much less than wall time.
     */
    public record Row(String model, String architecture, String method, String group, int batchSize, int words,
            double tokens, int texts, int rounds, double textsPerSecond, double textsPerSecondMin,
            double textsPerSecondMax, double msPerText, double ratio, double ratioMin, double ratioMax, double vsLrp,
            double vsLrpMin, double vsLrpMax, double cpuMsPerText, double cpuRatio, double peakRssMiB) {}

    /** Everything measured, with the machine it ran on. */
    public record Result(Map<String, Object> machine, Config config, List<Row> rows, double seconds) {}

    /** Progress lines for the user (standard error). */
    public interface Progress {
        void line(String message);
    }

    private final Config config;
    private final Progress progress;

    public Benchmark(Config config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    public Result run() {
        long start = System.nanoTime();
        Map<String, Object> machine = Machine.describe(config.workers());
        List<Row> rows = new ArrayList<>();
        List<String> fast = new ArrayList<>(List.of("forward"));
        List<String> slow = new ArrayList<>();
        for (String m : config.methods()) {
            if (FAST.contains(m) && !fast.contains(m)) {
                fast.add(m);
            } else if (SLOW.contains(m)) {
                slow.add(m);
            }
        }
        for (Path dir : config.models()) {
            if (config.isolate()) {
                for (int batch : union(config.batchSizes(), config.slowBatchSizes())) {
                    for (int words : union(config.lengths(), config.slowLengths())) {
                        rows.addAll(BenchChild.run(config, dir, batch, words, progress));
                    }
                }
                continue;
            }
            try (LexrayModel model = Lexray.load(dir)) {
                String name = dir.toAbsolutePath().normalize().getFileName().toString();
                for (int batch : union(config.batchSizes(), config.slowBatchSizes())) {
                    for (int words : union(config.lengths(), config.slowLengths())) {
                        if (config.batchSizes().contains(batch) && config.lengths().contains(words)) {
                            int n = Math.max(config.minTexts(), batch * Math.max(2, config.workers()));
                            rows.addAll(group(model, name, "sweep", fast, batch, words, n, config.repeats()));
                        }
                        if (!slow.isEmpty() && config.slowBatchSizes().contains(batch)
                                && config.slowLengths().contains(words)) {
                            List<String> ms = new ArrayList<>(List.of("forward", "lrp"));
                            ms.addAll(slow);
                            List<Row> g = group(model, name, "slow", ms, batch, words, config.slowTexts(),
                                    config.slowRepeats());
                            g.stream().filter(r -> SLOW.contains(r.method())).forEach(rows::add);
                        }
                    }
                }
            }
        }
        machine.put("load_average_end", Machine.loadAverage());
        return new Result(machine, config, rows, (System.nanoTime() - start) / 1e9);
    }

    private List<Row> group(LexrayModel model, String name, String group, List<String> methods, int batch, int words,
            int n, int rounds) {
        List<String> texts = BenchTexts.texts(n, words, config.seed(), vocabulary(model));
        double tokens = texts.stream().mapToInt(model::tokenCount).average().orElse(0);
        progress.line(String.format(Locale.ROOT, "%s: batch %d, %d words (%.0f tokens), %d texts: %s", name, batch,
                words, tokens, n, String.join(", ", methods)));
        for (int w = 0; w < config.warmup(); w++) {
            for (String m : methods) {
                runOnce(model, m, texts, batch);
            }
        }
        double[][] seconds = new double[methods.size()][rounds];
        double[][] cpu = new double[methods.size()][rounds];
        double[] peak = new double[methods.size()];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < methods.size(); k++) {
                Rss.resetPeak();
                double[] t = runOnce(model, methods.get(k), texts, batch);
                seconds[k][r] = t[0];
                cpu[k][r] = t[1];
                peak[k] = Math.max(peak[k], Rss.peak().orElse(0) / (1024.0 * 1024.0));
            }
        }
        int fwd = methods.indexOf("forward");
        int lrp = methods.indexOf("lrp");
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < methods.size(); k++) {
            double[] rate = new double[rounds];
            double[] ratio = new double[rounds];
            double[] vsLrp = new double[rounds];
            double[] cpuMs = new double[rounds];
            double[] cpuRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                rate[r] = n / seconds[k][r];
                cpuMs[r] = cpu[k][r] * 1000 / n;
                cpuRatio[r] = cpu[k][r] / cpu[fwd][r];
                ratio[r] = seconds[k][r] / seconds[fwd][r];
                vsLrp[r] = lrp < 0 ? Double.NaN : seconds[k][r] / seconds[lrp][r];
            }
            Stats rs = Stats.of(rate);
            Stats ra = Stats.of(ratio);
            Stats vl = Stats.of(vsLrp);
            Row row = new Row(name, model.architecture(), methods.get(k), group, batch, words, tokens, n, rounds,
                    rs.median(), rs.min(), rs.max(), 1000.0 / rs.median(), ra.median(), ra.min(), ra.max(),
                    vl.median(), vl.min(), vl.max(), Stats.of(cpuMs).median(), Stats.of(cpuRatio).median(),
                    peak[k]);
            rows.add(row);
            progress.line(String.format(Locale.ROOT, "  %-22s %10.1f texts/s [%.1f-%.1f]  x forward %.2f [%.2f-%.2f]"
                    + " (cpu %.2f)%s", row.method(), row.textsPerSecond(), row.textsPerSecondMin(),
                    row.textsPerSecondMax(), row.ratio(), row.ratioMin(), row.ratioMax(), row.cpuRatio(),
                    Double.isNaN(row.vsLrp()) || k == lrp || k == fwd ? ""
                            : String.format(Locale.ROOT, "  x LRP %.1f", row.vsLrp())));
        }
        return rows;
    }

    private final Map<LexrayModel, List<String>> vocabularies = new IdentityHashMap<>();

    private List<String> vocabulary(LexrayModel model) {
        return vocabularies.computeIfAbsent(model, m -> BenchTexts.known(w -> {
            try {
                m.tokenCount(w);
                return true;
            } catch (LexrayException e) {
                return false;
            }
        }));
    }

    /**
     * Seconds per pass of one method over the texts: the whole list is explained as often as it takes to fill
     * {@code minSeconds} (at least once), so that short measurements are not lost in timer and scheduling noise.
     * Also the process's CPU seconds per pass (all threads), which another process's load does not inflate.
     */
    private double[] runOnce(LexrayModel model, String method, List<String> texts, int batch) {
        ExplainOptions options = ExplainOptions.defaults().withBatchSize(batch).withWorkers(config.workers());
        long t0 = System.nanoTime();
        long c0 = Machine.cpuNanos();
        int passes = 0;
        long elapsed;
        do {
            if (method.equals("forward")) {
                model.predict(texts, options);
            } else if (method.equals("cp-lrp") || method.equals("attnlrp")) {
                model.explain(texts, options.withAttention(AttentionRule.parse(method)));
            } else if (method.equals("lrp-layers")) {
                model.explain(texts, options.withLayers(true));
            } else if (method.equals("lrp-neurons")) {
                model.explain(texts, options.withTopNeurons(10));
            } else {
                model.explain(texts, options.withMethod(method(method)));
            }
            passes++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < config.minSeconds() * 1e9);
        return new double[] {elapsed / 1e9 / passes, (Machine.cpuNanos() - c0) / 1e9 / passes};
    }

    private AttributionMethod method(String name) {
        return Methods.fromOptions(name, Map.of("steps", config.igSteps(), "samples", config.limeSamples(),
                "seed", config.seed()));
    }

    private static List<Integer> union(List<Integer> a, List<Integer> b) {
        Set<Integer> s = new LinkedHashSet<>(a);
        s.addAll(b);
        List<Integer> out = new ArrayList<>(s);
        out.sort(null);
        return out;
    }

    /** Median, min and max; NaN for an empty or all-NaN sample. */
    record Stats(double median, double min, double max) {
        static Stats of(double[] v) {
            double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (s.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN);
            }
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            return new Stats(median, s[0], s[s.length - 1]);
        }
    }

    /** What the numbers were measured on. */
    static final class Machine {
        private Machine() {}

        static Map<String, Object> describe(int workers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu", cpuModel());
            m.put("cores", Runtime.getRuntime().availableProcessors());
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
            m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            m.put("engine", "DJL PyTorch (CPU)");
            m.put("workers", workers);
            m.put("torch_threads", TorchRuntime.threads());
            m.put("load_average_start", loadAverage());
            m.put("date", Instant.now().toString());
            return m;
        }

        /** CPU time of the whole process (every thread), in nanoseconds; 0 where unavailable. */
        static long cpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                return Math.max(0, os.getProcessCpuTime());
            }
            return 0;
        }

        static String loadAverage() {
            try {
                String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return p[0] + " " + p[1] + " " + p[2];
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }

        static String cpuModel() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return System.getProperty("os.arch");
        }
    }
}
