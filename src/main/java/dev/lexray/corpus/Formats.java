package dev.lexray.corpus;

/** Small text helpers shared by the readers. */
final class Formats {
    private Formats() {}

    /** A line for an error message: quoted, with tabs and line ends visible, cut at 80 characters. */
    static String show(String s) {
        String v = s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
        return "\"" + (v.length() > 80 ? v.substring(0, 77) + "..." : v) + "\"";
    }

    /** {@code s} without trailing ASCII spaces (not other whitespace: U+00A0 and U+0085 are text). */
    static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
