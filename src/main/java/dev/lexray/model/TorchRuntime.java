package dev.lexray.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Starts DJL's PyTorch engine strictly offline, from the bundled {@code pytorch-native-cpu} jar.
 *
 * <p>DJL otherwise phones home (usage tracking) and may try to download natives; both are switched off
 * here before the engine class is touched. Environment variables, when set, win over these defaults.
 * The engine is asked for by name because the tokenizers jar registers a second engine.
 */
public final class TorchRuntime {
    public static final String ENGINE = "PyTorch";
    /** System property (or env var {@code LEXRAY_THREADS}) for libtorch's intra-op threads. */
    public static final String THREADS_PROPERTY = "lexray.threads";

    private static volatile Engine engine;

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

    /** A new root manager on the PyTorch engine; the caller closes it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    private static void configure() {
        setDefault("ai.djl.offline", "true");
        setDefault("OPT_OUT_TRACKING", "true");
        String threads = System.getProperty(THREADS_PROPERTY, System.getenv("LEXRAY_THREADS"));
        if (threads == null || threads.isBlank()) {
            threads = "1";
        }
        setDefault("ai.djl.pytorch.num_threads", threads.strip());
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
