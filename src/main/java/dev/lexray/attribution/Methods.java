package dev.lexray.attribution;

import dev.lexray.runtime.NamedParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one registry of attribution method names: {@code forName(m.name(), m.parameters())} rebuilds {@code m}
 * exactly; absent parameters take their defaults. The CLI, the JSON {@code rule} field of baselines, Spark and the
 * evaluation all go through it.
 */
public final class Methods {
    /** Defaults of the CLI and of {@link #forName(String)}. */
    public static final int DEFAULT_IG_STEPS = 50;
    public static final int DEFAULT_LIME_SAMPLES = 1000;

    private record Entry(String name, Map<String, Object> defaults, Function<NamedParameters, AttributionMethod> factory) {}

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("saliency", "gradient", "gxi", "gradient-x-input",
            "ig", "integrated-gradients");

    static {
        register("lrp", Map.of(), p -> new AttributionMethod.Lrp());
        register("gradient", Map.of(), p -> new AttributionMethod.Gradient());
        register("gradient-x-input", Map.of(), p -> new AttributionMethod.GradientXInput());
        register("integrated-gradients", Map.of("steps", DEFAULT_IG_STEPS, "baseline", "pad"),
                p -> new AttributionMethod.IntegratedGradients(toInt(p, "steps"),
                        choice(AttributionMethod.Baseline.class, p, "baseline")));
        register("occlusion", Map.of("mode", "unk"),
                p -> new AttributionMethod.Occlusion(choice(AttributionMethod.OcclusionMode.class, p, "mode")));
        register("lime", Map.of("samples", DEFAULT_LIME_SAMPLES, "seed", 0L),
                p -> new AttributionMethod.Lime(toInt(p, "samples"), p.integer("seed")));
        register("random", Map.of("seed", 0L), p -> new AttributionMethod.Random(p.integer("seed")));
    }

    private Methods() {}

    private static void register(String name, Map<String, Object> defaults,
            Function<NamedParameters, AttributionMethod> factory) {
        BY_NAME.put(name, new Entry(name, defaults, factory));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The parameters a method takes, with their defaults. */
    public static Map<String, Object> defaults(String name) {
        return entry(name).defaults();
    }

    /**
     * The method of this name with these parameters; absent ones take their defaults.
     *
     * @throws IllegalArgumentException for an unknown name, parameter or value
     */
    public static AttributionMethod forName(String name, Map<String, ?> parameters) {
        Entry e = entry(name);
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(e.defaults().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("method " + e.name() + " has no parameter " + String.join(", ", unknown)
                    + (e.defaults().isEmpty() ? " (it takes none)"
                    : "; it takes " + String.join(", ", new TreeSet<>(e.defaults().keySet()))));
        }
        Map<String, Object> merged = new LinkedHashMap<>(e.defaults());
        merged.putAll(parameters);
        return e.factory().apply(new NamedParameters(e.name(), merged));
    }

    public static AttributionMethod forName(String name) {
        return forName(name, Map.of());
    }

    private static Entry entry(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        Entry e = BY_NAME.get(ALIASES.getOrDefault(n, n));
        if (e == null) {
            throw new IllegalArgumentException("unknown method '" + name + "': use " + String.join(", ", names()));
        }
        return e;
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
