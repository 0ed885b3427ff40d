package dev.lexray.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts DJL's PyTorch engine strictly offline, from the bundled {@code pytorch-native-cpu} jar, and keeps libtorch's
 * intra-op thread count.
 *
 * <p>DJL otherwise phones home (usage tracking) and may try to download natives; both are switched off
 * here before the engine class is touched. Environment variables, when set, win over these defaults.
 * The engine is asked for by name because the tokenizers jar registers a second engine. A CUDA build of libtorch
 * is used instead when the user points DJL at one ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR=cu128}); the
 * JNI library for it is in the bundled {@code pytorch-jni} jar.
 *
 * <p>Threads: libtorch's CPU kernels run on OpenMP, whose thread count is a per-thread setting: a Java thread that
 * never set it uses every core. {@link #configureThread()} applies {@link #threads()} to the calling thread (once,
 * cheaply); every code path that computes calls it, so worker threads and the caller's thread agree.
 */
public final class TorchRuntime {
    public static final String ENGINE = "PyTorch";
    /** The libtorch version the bundled JNI library is built for; a CUDA libtorch must be this one. */
    public static final String LIBTORCH_VERSION = "2.7.1";
    private static final Pattern GPU = Pattern.compile("(gpu|cuda)(?::(\\d{1,3}))?");
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

    /** A new root manager on the PyTorch engine's CPU; the caller closes it. Applies the thread count to this thread. */
    public static NDManager newManager() {
        return newManager(Device.cpu());
    }

    /** A new root manager on {@code device} (see {@link #device(String)}); the caller closes it. */
    public static NDManager newManager(Device device) {
        NDManager m = engine().newBaseManager(device);
        configureThread();
        return m;
    }

    /**
     * The device a name selects: {@code cpu}, {@code gpu} (the first CUDA GPU), {@code gpu:N}; {@code cuda} and
     * {@code cuda:N} too. A GPU must be one libtorch sees, which the default build's libtorch (CPU only) never does:
     * the error says how to run on CUDA's libtorch instead.
     */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(n);
        if (!m.matches()) {
            throw new LexrayException("unknown device '" + name + "': use cpu, gpu or gpu:N (N counts from 0)");
        }
        int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int visible = engine().getGpuCount();
        if (index >= visible) {
            throw new LexrayException(visible == 0
                    ? "device " + name + ": libtorch sees no CUDA GPU. The bundled libtorch is the CPU build; to run on"
                            + " a GPU, unpack libtorch " + LIBTORCH_VERSION + " for CUDA 12.8 and set"
                            + " PYTORCH_LIBRARY_PATH=<libtorch>/lib PYTORCH_VERSION=" + LIBTORCH_VERSION
                            + " PYTORCH_FLAVOR=cu128 (see the README, \"GPU\"), or leave --device out for the CPU"
                    : "device " + name + ": libtorch sees " + visible + " GPU(s), gpu:0 to gpu:" + (visible - 1));
        }
        return Device.gpu(index);
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
        NativeMemory.configure();
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
