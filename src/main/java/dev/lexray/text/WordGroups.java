package dev.lexray.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a word of an encoded text: which tokens form it and which characters it spans. The words
 * an explanation reports, the words occlusion, LIME and random perturb, and the words the evaluation deletes are
 * all these, so a word is perturbed, reported and deleted alike.
 *
 * <p>Word-level models: one token is one word. Subword models: pieces with the same tokenizer word id form one word
 * spanning from the first piece's start to the last piece's end; a piece with no characters of its own (RoBERTa's
 * lone {@code Ġ} for a run of spaces, or a piece holding only whitespace) joins the next word (the last word at the
 * end), its span moved to the word's edge so that every piece lies inside its word; special tokens belong to no
 * word. A word never ends inside a character cluster: a combining mark (or ZWJ, variation selector, emoji
 * modifier) is kept with the word before it, and a letter run that the tokenizer split at such a mark (byte-level
 * BPE splits {@code nai\u0308ve}) is joined again.
 */
public final class WordGroups {
    /**
     * One word.
     *
     * @param span the word's characters in the text
     * @param tokens the positions of its tokens in the encoded text, in order
     * @param pieces subword models: the span of each of those tokens, inside {@code span}; empty for word-level
     */
    public record Word(Span span, int[] tokens, List<Span> pieces) {
        public Word {
            tokens = tokens.clone();
            pieces = List.copyOf(pieces);
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    private WordGroups() {}

    /** The token positions of each word, in order, as {@link #of} groups them. */
    public static List<int[]> positions(EncodedText e, boolean subword) {
        return of(e, subword).stream().map(Word::tokens).toList();
    }

    /** The words of {@code e}, in order. */
    public static List<Word> of(EncodedText e, boolean subword) {
        List<Word> words = new ArrayList<>();
        if (!subword) {
            for (int i = 0; i < e.length(); i++) {
                words.add(new Word(e.tokens().get(i).span(), new int[] {i}, List.of()));
            }
            return words;
        }
        List<Integer> group = new ArrayList<>();
        List<Integer> pendingEmpty = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            if (e.isSpecial(i)) {
                continue;
            }
            boolean empty = !hasCharacters(e, List.of(i));
            // The last piece, not the first: the group may start with characterless pieces of an earlier word id.
            if (!group.isEmpty() && e.wordId(i) != e.wordId(group.get(group.size() - 1))) {
                if (hasCharacters(e, group)) {
                    words.add(word(e, group));
                } else {
                    pendingEmpty.addAll(group); // only empty pieces so far: they belong to what follows
                }
                group = new ArrayList<>();
            }
            if (group.isEmpty() && !pendingEmpty.isEmpty() && !empty) {
                group.addAll(pendingEmpty);
                pendingEmpty.clear();
            }
            group.add(i);
        }
        if (!group.isEmpty() || !pendingEmpty.isEmpty()) {
            List<Integer> rest = new ArrayList<>(pendingEmpty);
            rest.addAll(group);
            if (hasCharacters(e, rest) || words.isEmpty()) {
                words.add(word(e, rest));
            } else {
                // Trailing characterless pieces: fold them into the last word, at its end.
                Word last = words.remove(words.size() - 1);
                List<Integer> tokens = new ArrayList<>(boxed(last.tokens()));
                List<Span> pieces = new ArrayList<>(last.pieces());
                for (int i : rest) {
                    tokens.add(i);
                    pieces.add(new Span(last.span().end(), last.span().end()));
                }
                words.add(new Word(last.span(), unboxed(tokens), pieces));
            }
        }
        return joinClusters(e.text(), words);
    }

    /** True when some piece of the group covers a character that is not whitespace. */
    private static boolean hasCharacters(EncodedText e, List<Integer> group) {
        return group.stream().anyMatch(i -> hasCharacters(e.text(), e.tokens().get(i)));
    }

    private static boolean hasCharacters(String text, Token t) {
        for (int k = t.span().start(); k < t.span().end(); k++) {
            char c = text.charAt(k);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return true;
            }
        }
        return false;
    }

    private static Word word(EncodedText e, List<Integer> group) {
        int start = Integer.MAX_VALUE;
        int end = -1;
        for (int i : group) {
            Token t = e.tokens().get(i);
            if (hasCharacters(e.text(), t)) {
                start = Math.min(start, t.span().start());
                end = Math.max(end, t.span().end());
            }
        }
        if (end < 0) { // only whitespace (a text of it): the pieces' extent
            start = group.stream().mapToInt(i -> e.tokens().get(i).span().start()).min().orElseThrow();
            end = group.stream().mapToInt(i -> e.tokens().get(i).span().end()).max().orElseThrow();
        }
        List<Span> pieces = new ArrayList<>(group.size());
        for (int i : group) {
            Span s = e.tokens().get(i).span();
            // Characterless pieces (a lone space, a newline) sit at the word's edge, inside it.
            int ps = Math.min(Math.max(s.start(), start), end);
            int pe = Math.min(Math.max(s.end(), ps), end);
            pieces.add(new Span(ps, pe));
        }
        return new Word(new Span(start, end), unboxed(group), pieces);
    }

    /**
     * Extends each word over cluster-continuing characters the tokenizer dropped (BERT strips accents), then joins
     * adjacent words split inside a cluster, or split around a mark inside a run of letters.
     */
    private static List<Word> joinClusters(String text, List<Word> words) {
        List<Word> out = new ArrayList<>(words.size());
        for (int k = 0; k < words.size(); k++) {
            Word w = words.get(k);
            int start = w.span().start();
            int limit = k + 1 < words.size() ? words.get(k + 1).span().start() : text.length();
            int end = w.span().end();
            while (end < limit && continuesCluster(text, end)) {
                end += Character.charCount(text.codePointAt(end));
            }
            if (!out.isEmpty()) {
                Span prev = out.get(out.size() - 1).span();
                boolean adjacent = prev.end() == start && prev.end() > prev.start();
                boolean markThenLetter = adjacent && start < text.length()
                        && Character.isLetter(text.codePointAt(start)) && letterThenMarks(text, prev.start(), start);
                if (adjacent && (continuesCluster(text, start) || markThenLetter)) {
                    Word before = out.remove(out.size() - 1);
                    List<Integer> tokens = new ArrayList<>(boxed(before.tokens()));
                    tokens.addAll(boxed(w.tokens()));
                    List<Span> pieces = new ArrayList<>(before.pieces());
                    pieces.addAll(w.pieces());
                    out.add(new Word(new Span(prev.start(), end), unboxed(tokens), pieces));
                    continue;
                }
            }
            out.add(end == w.span().end() ? w : new Word(new Span(start, end), w.tokens(), w.pieces()));
        }
        return out;
    }

    /** Whether the code point at {@code index} belongs to the same user-perceived character as the one before. */
    private static boolean continuesCluster(String text, int index) {
        if (index <= 0 || index >= text.length()) {
            return false;
        }
        int cp = text.codePointAt(index);
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        return isMark(cp) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F) || text.codePointBefore(index) == 0x200D;
    }

    /** Whether {@code text[from, to)} ends in one or more marks on a letter. */
    private static boolean letterThenMarks(String text, int from, int to) {
        int k = to;
        while (k > from && isMark(text.codePointBefore(k))) {
            k -= Character.charCount(text.codePointBefore(k));
        }
        return k < to && k > from && Character.isLetter(text.codePointBefore(k));
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static List<Integer> boxed(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    private static int[] unboxed(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
