package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Stanford Sentiment Treebank in PTB form: one fully labelled binary tree per line,
 * {@code (label child child)} or {@code (label word)}, labels 0 (very negative) to 4 (very positive).
 *
 * <p>The text of a tree is its leaves joined by single spaces, with the PTB escapes undone
 * ({@code -LRB-} → {@code (}, {@code -RRB-} → {@code )}, {@code \/} → {@code /}, {@code \*} → {@code *}, and the
 * square and curly bracket escapes). A leaf ends only at its closing parenthesis and the children of a node are
 * separated by ASCII spaces only, so a token with a U+00A0 no-break space inside (train has three, such as
 * {@code 8 1\/2}) stays one token. Labels come out as {@code "0"}..{@code "4"}; see {@link #FIVE_CLASS} and
 * {@link #BINARY} for the usual label maps.
 *
 * <p>By default there is one record per sentence (the root); with {@code phrases} there is one per node, root
 * first and then in pre-order, with ids {@code file:line#node}.
 */
public final class SstTreeReader implements CorpusReader {
    /** The five SST classes by name. */
    public static final Map<String, String> FIVE_CLASS = Map.of(
            "0", "very negative", "1", "negative", "2", "neutral", "3", "positive", "4", "very positive");
    /** The SST-2 convention: neutral (2) dropped, {0,1} negative, {3,4} positive ({@code null} means dropped). */
    public static final Map<String, String> BINARY = binary();

    private final List<Path> files;
    private final boolean phrases;

    public SstTreeReader(List<Path> files, boolean phrases) {
        this.files = List.copyOf(files);
        this.phrases = phrases;
    }

    private static Map<String, String> binary() {
        var m = new HashMap<String, String>();
        m.put("0", "negative");
        m.put("1", "negative");
        m.put("2", null);
        m.put("3", "positive");
        m.put("4", "positive");
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return RecordIterator.overFiles(files, problems, Lines::new);
    }

    private final class Lines extends LineIterator {
        private final ArrayDeque<LabelledText> pending = new ArrayDeque<>();

        Lines(Path file, Problems problems) {
            super(file, problems);
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            Tree tree;
            try {
                tree = Tree.parse(line);
            } catch (IllegalArgumentException e) {
                problems.report(e.getMessage());
                return null;
            }
            String id = lineId(lineNumber);
            if (!phrases) {
                return new LabelledText(id, tree.text(0), tree.labels.get(0));
            }
            List<LabelledText> all = new ArrayList<>(tree.labels.size());
            for (int node = 0; node < tree.labels.size(); node++) {
                all.add(new LabelledText(id + "#" + node, tree.text(node), tree.labels.get(node)));
            }
            pending.addAll(all.subList(1, all.size()));
            return all.get(0);
        }

        @Override
        protected boolean hasPending() {
            return !pending.isEmpty();
        }

        @Override
        protected LabelledText nextPending() {
            return pending.poll();
        }
    }

    /** A parsed tree: per node (pre-order) its label and its first and last leaf. */
    static final class Tree {
        final List<String> leaves = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final List<int[]> leafRange = new ArrayList<>();
        private final String s;
        private int pos;

        private Tree(String s) {
            this.s = s;
        }

        static Tree parse(String line) {
            Tree t = new Tree(line);
            t.node();
            if (t.pos != line.length()) {
                throw t.error("text after the end of the tree");
            }
            return t;
        }

        String text(int node) {
            int[] r = leafRange.get(node);
            return String.join(" ", leaves.subList(r[0], r[1]));
        }

        private void node() {
            expect('(');
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("a label (0-4) after '('");
            }
            String label = s.substring(start, pos);
            if (label.length() != 1 || label.charAt(0) > '4') {
                throw error("a label 0-4, not " + label);
            }
            labels.add(label);
            int[] range = {leaves.size(), 0};
            leafRange.add(range);
            expect(' ');
            if (pos < s.length() && s.charAt(pos) == '(') {
                node();
                while (pos < s.length() && s.charAt(pos) == ' ') {
                    pos++;
                    node();
                }
            } else {
                int w = pos;
                while (pos < s.length() && s.charAt(pos) != ')' && s.charAt(pos) != '(') {
                    pos++;
                }
                if (pos == w) {
                    throw error("a word or '(' after the label");
                }
                leaves.add(unescape(s.substring(w, pos)));
            }
            expect(')');
            range[1] = leaves.size();
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(String expected) {
            String found = pos >= s.length() ? "the end of the line" : "'" + s.charAt(pos) + "'";
            return new IllegalArgumentException("malformed PTB tree: expected " + expected + " at column " + (pos + 1)
                    + ", found " + found);
        }
    }

    /** Undoes the PTB escapes of one token. */
    static String unescape(String token) {
        switch (token) {
            case "-LRB-": return "(";
            case "-RRB-": return ")";
            case "-LSB-": return "[";
            case "-RSB-": return "]";
            case "-LCB-": return "{";
            case "-RCB-": return "}";
            default:
                return token.indexOf('\\') < 0 ? token : token.replace("\\/", "/").replace("\\*", "*");
        }
    }
}
