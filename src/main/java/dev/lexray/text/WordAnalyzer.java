package dev.lexray.text;

import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Splits text into words with a Lucene tokenizer, optionally lower-cased, keeping every word's offsets.
 *
 * <p>{@code standard} is Lucene's {@link StandardTokenizer} (Unicode word boundaries, punctuation dropped);
 * {@code whitespace} splits on ASCII whitespace only, as PyTorch-side {@code str.split(" ")}-style pipelines do
 * (SST contains no-break spaces inside tokens). Tokens longer than the tokenizer's limit are split by Lucene.
 */
public final class WordAnalyzer {
    public enum Kind {
        STANDARD, WHITESPACE,
        /**
         * Penn-Treebank-like word splitting, as SST and GLUE SST-2 are tokenised: clitics apart
         * ({@code doesn't} to {@code does n't}, {@code it's} to {@code it 's}), punctuation and symbols (emoji
         * included) one character each, words with inner hyphens, apostrophes or periods kept whole.
         */
        PTB;

        public static Kind parse(String name) {
            if (name == null) {
                return STANDARD;
            }
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LexrayException("unknown analyzer '" + name + "': use \"standard\", \"whitespace\" or \"ptb\"");
            }
        }
    }

    private static final int MAX_TOKEN_LENGTH = 255;
    private static final String WORD = "[\\p{L}\\p{M}\\p{N}]+";
    private static final java.util.regex.Pattern PTB_TOKEN = java.util.regex.Pattern.compile(
            WORD + "(?=[nN]['\u2019][tT]\\b)"                       // the stem of a n't contraction
                    + "|[nN]['\u2019][tT]\\b"                        // n't
                    + "|['\u2019](?:[sSmMdD]|[rR][eE]|[vV][eE]|[lL][lL])\\b" // 's 'm 'd 're 've 'll
                    + "|" + WORD + "(?=['\u2019](?:[sSmMdD]|[rR][eE]|[vV][eE]|[lL][lL])\\b)"
                    + "|" + WORD + "(?:[-'\u2019.]" + WORD + ")*"      // words, o'clock, e-mail, u.s
                    + "|(?=[^\\s\\p{L}\\p{M}\\p{N}])\\X");        // any other character (a whole emoji cluster)

    private final Kind kind;
    private final boolean lowercase;

    public WordAnalyzer(Kind kind, boolean lowercase) {
        this.kind = kind;
        this.lowercase = lowercase;
    }

    public Kind kind() {
        return kind;
    }

    public boolean lowercase() {
        return lowercase;
    }

    /** The words of {@code text} with their spans, in order. */
    public List<Token> analyze(String text) {
        List<Token> out = new ArrayList<>();
        try (TokenStream stream = open(text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                addSplit(out, term.toString(), offset.startOffset(), offset.endOffset());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return out;
    }

    /**
     * Adds a token, split into contiguous pieces of at most {@link #MAX_TOKEN_LENGTH} characters as Lucene's
     * StandardTokenizer does (never inside a surrogate pair), so every analyzer bounds token length the same way.
     */
    private static void addSplit(List<Token> out, String term, int start, int end) {
        if (term.length() <= MAX_TOKEN_LENGTH || end - start != term.length()) {
            out.add(new Token(term, new Span(start, end)));
            return;
        }
        int from = 0;
        while (from < term.length()) {
            int to = Math.min(term.length(), from + MAX_TOKEN_LENGTH);
            if (to < term.length() && Character.isHighSurrogate(term.charAt(to - 1))) {
                to--;
            }
            out.add(new Token(term.substring(from, to), new Span(start + from, start + to)));
            from = to;
        }
    }

    private TokenStream open(String text) {
        Tokenizer tokenizer = switch (kind) {
            case STANDARD -> {
                StandardTokenizer t = new StandardTokenizer();
                t.setMaxTokenLength(MAX_TOKEN_LENGTH);
                yield t;
            }
            case WHITESPACE -> CharTokenizer.fromSeparatorCharPredicate(WordAnalyzer::isAsciiWhitespace);
            case PTB -> new org.apache.lucene.analysis.pattern.PatternTokenizer(PTB_TOKEN, 0);
        };
        tokenizer.setReader(new StringReader(text));
        return lowercase ? new LowerCaseFilter(tokenizer) : tokenizer;
    }

    private static boolean isAsciiWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
