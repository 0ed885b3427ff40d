package dev.lexray.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * Typed access to the parameters of a rule or method looked up by name in a registry, with messages that name the parameter.
 * Values may be numbers, booleans or their string forms (as the CLI and JSON give them).
 */
public record NamedParameters(String owner, Map<String, Object> values) {
    public double real(String key) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(owner + " parameter " + key + " must be a number, got " + v);
    }

    /** A whole number; {@code 50.0} is accepted as 50. */
    public long integer(String key) {
        double d = real(key);
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(owner + " parameter " + key + " must be a whole number, got " + d);
        }
        return (long) d;
    }

    public boolean flag(String key) {
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(owner + " parameter " + key + " must be true or false, got " + v);
    }

    /** A word from a closed set, e.g. an IG baseline or an occlusion mode. */
    public String word(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + " parameter " + key + " is missing");
        }
        return v.toString().trim().toLowerCase(Locale.ROOT);
    }
}
