package dev.lexray.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Names to objects and back, as Lucene's {@code forName} and zennit's registries: each name has its parameters with
 * their defaults and a factory; aliases map to names. The LRP rules and the attribution methods each keep one.
 *
 * @param <T> what the names stand for
 */
public final class NamedRegistry<T> {
    private record Entry<T>(String name, Map<String, Object> defaults, Function<NamedParameters, T> factory) {}

    private final String kind;
    private final Map<String, Entry<T>> byName = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /** @param kind what one entry is called in messages ("rule", "method") */
    public NamedRegistry(String kind) {
        this.kind = kind;
    }

    public NamedRegistry<T> register(String name, Map<String, Object> defaults, Function<NamedParameters, T> factory) {
        byName.put(name, new Entry<>(name, Map.copyOf(defaults), factory));
        return this;
    }

    public NamedRegistry<T> alias(String alias, String name) {
        aliases.put(alias, name);
        return this;
    }

    /** The names, in the order they were registered. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Whether {@code name} (or an alias of it) is registered. */
    public boolean exists(String name) {
        return byName.containsKey(canonical(name));
    }

    /** The parameters an entry takes, with their defaults. */
    public Map<String, Object> defaults(String name) {
        return entry(name).defaults();
    }

    /**
     * The object of this name with these parameters; absent ones take their defaults.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, or a value the factory refuses
     */
    public T forName(String name, Map<String, ?> parameters) {
        Entry<T> e = entry(name);
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(e.defaults().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(kind + " " + e.name() + " has no parameter "
                    + String.join(", ", unknown) + (e.defaults().isEmpty() ? " (it takes none)"
                    : "; it takes " + String.join(", ", new TreeSet<>(e.defaults().keySet()))));
        }
        Map<String, Object> merged = new LinkedHashMap<>(e.defaults());
        merged.putAll(parameters);
        return e.factory().apply(new NamedParameters(e.name(), merged));
    }

    /**
     * The object of this name, taking the parameters it uses from a pool of option values (as a command line has
     * them); the others are ignored.
     */
    public T fromOptions(String name, Map<String, ?> options) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String key : entry(name).defaults().keySet()) {
            if (options.containsKey(key)) {
                p.put(key, options.get(key));
            }
        }
        return forName(name, p);
    }

    private Entry<T> entry(String name) {
        Entry<T> e = byName.get(canonical(name));
        if (e == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "': use " + String.join(", ", names()));
        }
        return e;
    }

    private String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return aliases.getOrDefault(n, n);
    }
}
