package dev.lexray.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine strictly offline, from the bundled {@code pytorch-native-cpu} jar, and keeps libtorch's
 * intra-op thread count.
 *
 * <p>DJL otherwise phones home (usage tracking) and may try to download natives; both are switched off
 * here before the engine class is touched. Environment variables, when set, win over these defaults.
 * The engine is asked for by name because the tokenizers jar registers a second engine.
 *
 * <p>Threads: libtorch's CPU kernels run on OpenMP, whose thread count is a per-thread setting: a Java thread that
 * never set it uses every core. {@link #configureThread()} applies {@link #threads()} to the calling thread (once,
 * cheaply); every code path that computes calls it, so worker threads and the caller's thread agree.
 */
public final class TorchRuntime {
    public static final String ENGINE = "PyTorch";
    /** System property (or env var {@code LEXRAY_THREADS}) for libtorch's intra-op threads. */
    public static final String THREADS_PROPERTY = "lexray.threads";
    /**
     * The default intra-op threads per worker: 1. Measured on 2 cores (see docs/performance.md): the models Lexray
     * explains are small, their ops are short, and OpenMP's fork/join per op costs more than a second core gains;
     * parallelism pays across batches ({@code --workers}) instead.
     */
    public static final int DEFAULT_THREADS = 1;

    private static volatile Engine engine;
    private static volatile int threads = initialThreads();
    private static final ThreadLocal<int[]> APPLIED = ThreadLocal.withInitial(() -> new int[] {-1});

    private TorchRuntime() {}

    /** The PyTorch engine, started once per JVM. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (TorchRuntime.class) {
                if (engine == null) {
                    configure();
                    engine = Engine.getEngine(ENGINE);
                }
                e = engine;
            }
        }
        return e;
    }

    /** A new root manager on the PyTorch engine; the caller closes it. Applies the thread count to this thread. */
    public static NDManager newManager() {
        NDManager m = engine().newBaseManager();
        configureThread();
        return m;
    }

    /** libtorch intra-op threads per computing thread. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets libtorch's intra-op threads for every thread that computes from now on (each applies it at its next
     * batch). Before the engine starts this is also what DJL starts it with.
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        threads = n;
    }

    /** Applies {@link #threads()} to the calling thread's OpenMP/MKL settings, if not done already. */
    public static void configureThread() {
        int[] applied = APPLIED.get();
        int n = threads;
        if (applied[0] != n) {
            engine();
            JniUtils.setNumThreads(n);
            applied[0] = n;
        }
    }

    private static int initialThreads() {
        String s = System.getProperty(THREADS_PROPERTY, System.getenv("LEXRAY_THREADS"));
        if (s == null || s.isBlank()) {
            s = System.getProperty("ai.djl.pytorch.num_threads");
        }
        if (s == null || s.isBlank()) {
            return DEFAULT_THREADS;
        }
        try {
            int n = Integer.parseInt(s.strip());
            return n >= 1 ? n : DEFAULT_THREADS;
        } catch (NumberFormatException e) {
            return DEFAULT_THREADS;
        }
    }

    private static void configure() {
        setDefault("ai.djl.offline", "true");
        setDefault("OPT_OUT_TRACKING", "true");
        setDefault("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        // Keep DJL's own logging quiet; errors reach the user through our exceptions.
        setDefault("ai.djl.logging.level", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
