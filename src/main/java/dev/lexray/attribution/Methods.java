package dev.lexray.attribution;

import dev.lexray.runtime.NamedParameters;
import dev.lexray.runtime.NamedRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one registry of attribution method names: {@code forName(m.name(), m.parameters())} rebuilds {@code m}
 * exactly; absent parameters take their defaults. The CLI, the JSON {@code rule} field of baselines, Spark and the
 * evaluation all go through it.
 */
public final class Methods {
    /** Defaults of the CLI and of {@link #forName(String)}. */
    public static final int DEFAULT_IG_STEPS = 50;
    public static final int DEFAULT_LIME_SAMPLES = 1000;

    private static final NamedRegistry<AttributionMethod> REGISTRY = new NamedRegistry<AttributionMethod>("method")
            .register("lrp", Map.of(), p -> new AttributionMethod.Lrp())
            .register("gradient", Map.of(), p -> new AttributionMethod.Gradient())
            .register("gradient-x-input", Map.of(), p -> new AttributionMethod.GradientXInput())
            .register("integrated-gradients", Map.of("steps", DEFAULT_IG_STEPS, "baseline", "pad"),
                    p -> new AttributionMethod.IntegratedGradients(toInt(p, "steps"),
                            choice(AttributionMethod.Baseline.class, p, "baseline")))
            .register("occlusion", Map.of("mode", "unk"),
                    p -> new AttributionMethod.Occlusion(choice(AttributionMethod.OcclusionMode.class, p, "mode")))
            .register("lime", Map.of("samples", DEFAULT_LIME_SAMPLES, "seed", 0L),
                    p -> new AttributionMethod.Lime(toInt(p, "samples"), p.integer("seed")))
            .register("random", Map.of("seed", 0L), p -> new AttributionMethod.Random(p.integer("seed")))
            .alias("saliency", "gradient").alias("gxi", "gradient-x-input").alias("ig", "integrated-gradients");

    private Methods() {}

    public static List<String> names() {
        return REGISTRY.names();
    }

    /** The parameters a method takes, with their defaults. */
    public static Map<String, Object> defaults(String name) {
        return REGISTRY.defaults(name);
    }

    /**
     * The method of this name with these parameters; absent ones take their defaults.
     *
     * @throws IllegalArgumentException for an unknown name, parameter or value
     */
    public static AttributionMethod forName(String name, Map<String, ?> parameters) {
        return REGISTRY.forName(name, parameters);
    }

    /**
     * The method of this name, taking the parameters it uses from a pool of option values (as the command line has
     * them: {@code steps}, {@code baseline}, {@code mode}, {@code samples}, {@code seed}); the others are ignored.
     */
    public static AttributionMethod fromOptions(String name, Map<String, ?> options) {
        return REGISTRY.fromOptions(name, options);
    }

    public static AttributionMethod forName(String name) {
        return forName(name, Map.of());
    }

    private static int toInt(NamedParameters p, String key) {
        long v = p.integer(key);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(p.owner() + " parameter " + key + " is too large: " + v);
        }
        return (int) v;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, NamedParameters p, String key) {
        String word = p.word(key);
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(word)) {
                return c;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E c : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " or ").append(c.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(p.owner() + " parameter " + key + " must be " + allowed + ", got '"
                + word + "'");
    }
}
