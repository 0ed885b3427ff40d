package dev.lexray.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lexray.runtime.TorchRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One model, batch size and length of a benchmark in a JVM of its own (same class path, heap and GC settings), so
 * that its peak resident memory is its own. The parent writes the child's configuration as JSON, the child writes
 * its rows back; the child's progress lines reach the parent's progress.
 */
public final class BenchChild {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchChild() {}

    /** Runs the groups of {@code config} at one model, batch size and length in a child JVM and returns its rows. */
    static List<Benchmark.Row> run(Benchmark.Config config, Path model, int batch, int words,
            Benchmark.Progress progress) {
        Benchmark.Config one = new Benchmark.Config(List.of(model), config.methods(),
                config.batchSizes().contains(batch) ? List.of(batch) : List.of(),
                config.lengths().contains(words) ? List.of(words) : List.of(),
                config.slowBatchSizes().contains(batch) ? List.of(batch) : List.of(),
                config.slowLengths().contains(words) ? List.of(words) : List.of(), config.warmup(), config.repeats(),
                config.slowRepeats(), config.minTexts(), config.slowTexts(), config.minSeconds(), config.workers(),
                config.igSteps(), config.limeSamples(), config.seed(), false);
        boolean any = !one.batchSizes().isEmpty() && !one.lengths().isEmpty()
                || !one.slowBatchSizes().isEmpty() && !one.slowLengths().isEmpty();
        if (!any) {
            return List.of();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lexray-bench");
            Path in = dir.resolve("config.json");
            Path out = dir.resolve("rows.json");
            JSON.writeValue(in.toFile(), one);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("-Xm") || arg.startsWith("-Xs") || arg.startsWith("-D")
                        || arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:+Use")) {
                    cmd.add(arg);
                }
            }
            cmd.add("-D" + TorchRuntime.THREADS_PROPERTY + "=" + TorchRuntime.threads());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BenchChild.class.getName());
            cmd.add(in.toString());
            cmd.add(out.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    progress.line(line);
                }
            }
            int code = p.waitFor();
            if (code != 0 || !Files.isRegularFile(out)) {
                throw new IllegalStateException("the benchmark of " + model + " at batch " + batch + ", " + words
                        + " words failed in its child JVM (exit " + code + ")");
            }
            List<Benchmark.Row> rows = new ArrayList<>();
            for (JsonNode row : JSON.readTree(out.toFile())) {
                ObjectNode o = (ObjectNode) row;
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                for (String k : names) {
                    if (o.get(k).isNull()) {
                        o.set(k, TextNode.valueOf("NaN"));
                    }
                }
                rows.add(JSON.treeToValue(o, Benchmark.Row.class));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run a benchmark child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }
        }
    }

    /** The child: {@code BenchChild CONFIG.json ROWS.json}. */
    public static void main(String[] args) throws IOException {
        Benchmark.Config config = JSON.readValue(Path.of(args[0]).toFile(), Benchmark.Config.class);
        Benchmark.Result result = new Benchmark(config, line -> {
            System.err.println(line);
            System.err.flush();
        }).run();
        JSON.writeValue(Path.of(args[1]).toFile(), result.rows());
        System.exit(0);
    }
}
