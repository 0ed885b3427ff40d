package dev.lexray.spark;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;

/**
 * The models of one JVM (an executor, or the driver in local mode): each directory is loaded once, on first use,
 * keyed by its absolute path, and shared by every task of the JVM ({@link LexrayModel} is thread-safe). The models
 * are closed when the JVM shuts down, or by {@link #closeAll()}.
 */
public final class ModelCache {
    private static final Map<Path, LexrayModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {}

    /** The model in {@code dir} (see {@link #resolve(String)}), loaded on first use in this JVM. */
    public static LexrayModel get(String dir) {
        Path path = resolve(dir);
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "lexray-model-cache-close"));
        }
        return MODELS.computeIfAbsent(path, p -> {
            LOADS.incrementAndGet();
            return Lexray.load(p);
        });
    }

    /**
     * The absolute directory of a model: {@code dir} itself when it exists (absolute, or relative to the working
     * directory, where YARN unpacks {@code --archives}), else the file Spark shipped under that name
     * ({@code SparkFiles.get}).
     *
     * @throws LexrayException when neither exists
     */
    public static Path resolve(String dir) {
        Path p = Path.of(dir);
        if (Files.isDirectory(p)) {
            return p.toAbsolutePath().normalize();
        }
        Path shipped = null;
        try {
            shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
        } catch (RuntimeException | LinkageError e) {
            // no SparkEnv here (a plain JVM): nothing was shipped
        }
        if (shipped != null && Files.isDirectory(shipped)) {
            return shipped.toAbsolutePath().normalize();
        }
        throw new LexrayException("model directory not found on this machine: " + dir + " (working directory "
                + Path.of("").toAbsolutePath() + "); put it on storage every executor reads, or ship it with "
                + "spark-submit --archives model.tgz#NAME and pass NAME");
    }

    /** How many models this JVM has loaded so far (each directory counts once until {@link #closeAll()}). */
    public static int loads() {
        return LOADS.get();
    }

    /** The directories loaded in this JVM now. */
    public static List<Path> loaded() {
        return new ArrayList<>(MODELS.keySet());
    }

    /** Closes and forgets every model of this JVM; a later {@link #get} loads again. */
    public static synchronized void closeAll() {
        for (Path p : new ArrayList<>(MODELS.keySet())) {
            LexrayModel m = MODELS.remove(p);
            if (m != null) {
                try {
                    m.close();
                } catch (RuntimeException e) {
                    // closing at shutdown: the engine may already be gone
                }
            }
        }
    }
}
