package dev.lexray.html;

import java.util.Locale;

/**
 * The one builder of inline SVG charts (the report's word bars, the evaluation's curves, the benchmark's plot).
 * Every attribute value and every text goes through {@link Html#escape}, so a label can never break out of the
 * chart; numbers are formatted in the root locale so a German JVM still writes {@code 1.5}, not {@code 1,5}.
 */
public final class Svg {
    private final StringBuilder sb = new StringBuilder();

    /** {@code <name a="v" ...>}; {@code attributes} alternate names and values (any value: String.valueOf). */
    public Svg open(String name, Object... attributes) {
        tag(name, attributes);
        sb.append('>');
        return this;
    }

    /** {@code <name a="v" .../>}. */
    public Svg empty(String name, Object... attributes) {
        tag(name, attributes);
        sb.append("/>");
        return this;
    }

    /** {@code <name a="v" ...>text</name>}, the text escaped. */
    public Svg element(String name, String text, Object... attributes) {
        return open(name, attributes).text(text).close(name);
    }

    public Svg close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** Escaped text content. */
    public Svg text(String text) {
        sb.append(Html.escape(text));
        return this;
    }

    /** A line break between elements, for readable page source. */
    public Svg newline() {
        sb.append('\n');
        return this;
    }

    /** {@code v} with {@code decimals} decimals in the root locale. */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private void tag(String name, Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        sb.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            sb.append(' ').append(attributes[i]).append("=\"").append(Html.escape(String.valueOf(attributes[i + 1])))
                    .append('"');
        }
    }
}
