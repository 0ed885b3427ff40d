package dev.lexray.html;

import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one HTML escaper and CSP hasher of every page Lexray writes (report, evaluation, benchmark): escaping for
 * HTML text, attributes and JSON inside a script element, and the hashes a Content-Security-Policy lists. The
 * escaping is jte's, which also escapes the report's templates.
 */
public final class Html {
    private Html() {}

    /**
     * Escapes text for an HTML text node or a quoted attribute with jte's attribute escaper ({@code & < " '}
     * become references), the same code that escapes the report's templates, so that Java-built markup (the SVG
     * charts, the evaluation and benchmark pages) is escaped exactly as the templates are.
     */
    public static String escape(String s) {
        StringOutput out = new StringOutput(s.length() + 16);
        Escape.htmlAttribute(s, out);
        return out.toString();
    }

    /**
     * Makes JSON safe inside {@code <script type="application/json">}: {@code < > &} and the line separators
     * U+2028/U+2029 become {@code \}{@code uXXXX} escapes, so that no {@code </script>} or {@code <!--} can ever
     * appear. JSON holds those characters only inside strings, where the escape means the same character.
     */
    public static String scriptSafeJson(String json) {
        StringBuilder sb = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The CSP source for an inline element's exact content: {@code 'sha256-BASE64'}. */
    public static String cspHash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
