package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identity terms in categories (Dixon et al. 2018's 50 terms by default), for the bias audit and counterfactual
 * augmentation. A file holds {@code [category]} lines, each followed by its terms, one a line; {@code #} starts a
 * comment line. Terms are matched case-insensitively as whole words (not inside a longer word), as in Dixon et al.'s
 * analysis code ({@code \bterm\b}).
 */
public final class IdentityTerms {
    /** A term and the category it belongs to. */
    public record Term(String category, String term) {}

    /** Where a term occurs in a text: characters {@code [start, end)}. */
    public record Occurrence(Term term, int start, int end) {}

    private static final String DEFAULT_RESOURCE = "identity-terms.txt";

    private final List<Term> terms;
    private final Map<String, List<String>> byCategory;
    private final Map<String, Pattern> patterns = new LinkedHashMap<>();
    private final Pattern any;

    private IdentityTerms(List<Term> terms) {
        this.terms = List.copyOf(terms);
        Map<String, List<String>> cats = new LinkedHashMap<>();
        for (Term t : terms) {
            cats.computeIfAbsent(t.category(), k -> new ArrayList<>()).add(t.term());
            patterns.put(t.term(), wordPattern(t.term()));
        }
        cats.replaceAll((k, v) -> List.copyOf(v));
        this.byCategory = cats;
        // Longest first, so "african american" is one occurrence rather than "african" followed by "american".
        List<String> longestFirst = terms.stream().map(Term::term)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.any = Pattern.compile(boundary(String.join("|", longestFirst.stream().map(Pattern::quote).toList())),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Dixon et al.'s 50 terms in six categories (the resource {@code identity-terms.txt} of this package). */
    public static IdentityTerms defaults() {
        try (InputStream in = IdentityTerms.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default identity terms are missing from the classpath");
            }
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default identity terms", e);
        }
    }

    /** Reads a terms file; a missing or malformed file is a {@link LexrayException} that says what to fix. */
    public static IdentityTerms read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new LexrayException("identity terms file " + file + " does not exist: give a file of [category]"
                    + " lines each followed by its terms, one a line");
        } catch (IOException e) {
            throw new LexrayException("cannot read identity terms file " + file + ": " + e.getMessage());
        }
    }

    /** Parses the terms format from UTF-8 bytes; {@code source} names the input in error messages. */
    public static IdentityTerms parse(InputStream in, String source) {
        List<Term> terms = new ArrayList<>();
        String category = null;
        try (Utf8Lines lines = new Utf8Lines(in, source, false)) {
            for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
                String s = line.text().strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                if (s.startsWith("[")) {
                    if (!s.endsWith("]") || s.length() < 3) {
                        throw bad(source, line.number(), "'" + s + "' is not a [category] line");
                    }
                    category = s.substring(1, s.length() - 1).strip();
                    continue;
                }
                if (category == null) {
                    throw bad(source, line.number(), "term '" + s + "' comes before any [category] line");
                }
                String term = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                String cat = category;
                if (terms.stream().anyMatch(t -> t.term().equals(term))) {
                    throw bad(source, line.number(), "term '" + term + "' is listed twice");
                }
                terms.add(new Term(cat, term));
            }
        }
        if (terms.isEmpty()) {
            throw new LexrayException(source + " holds no identity terms: give [category] lines each followed by its"
                    + " terms, one a line");
        }
        return new IdentityTerms(terms);
    }

    private static LexrayException bad(String source, int line, String what) {
        return new LexrayException(source + ":" + line + ": " + what
                + " (the format is [category] lines each followed by its terms, one a line)");
    }

    public List<Term> terms() {
        return terms;
    }

    public List<String> categories() {
        return List.copyOf(byCategory.keySet());
    }

    /** The terms of a category, in file order. */
    public List<String> inCategory(String category) {
        return byCategory.getOrDefault(category, List.of());
    }

    /** The category of a term. */
    public String categoryOf(String term) {
        return terms.stream().filter(t -> t.term().equals(term)).map(Term::category).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an identity term: " + term));
    }

    /**
     * Whether the text mentions the term as a whole word (Dixon et al.'s test: "african" is also mentioned by
     * "african american").
     */
    public boolean mentions(String text, String term) {
        Pattern p = patterns.get(term);
        if (p == null) {
            throw new IllegalArgumentException("not an identity term: " + term);
        }
        return p.matcher(text).find();
    }

    /** The non-overlapping occurrences of any term, left to right, the longest term winning at one position. */
    public List<Occurrence> find(String text) {
        List<Occurrence> out = new ArrayList<>();
        Matcher m = any.matcher(text);
        while (m.find()) {
            String term = m.group().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            terms.stream().filter(t -> t.term().equals(term)).findFirst()
                    .ifPresent(t -> out.add(new Occurrence(t, m.start(), m.end())));
        }
        return out;
    }

    /** The text with one occurrence replaced by another term. */
    public static String replace(String text, Occurrence o, String replacement) {
        return text.substring(0, o.start()) + replacement + text.substring(o.end());
    }

    private static Pattern wordPattern(String term) {
        return Pattern.compile(boundary(Pattern.quote(term)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    // Whole words: no letter, digit or underscore on either side (\b, but Unicode-aware); a term's spaces match any
    // run of whitespace.
    private static String boundary(String alternatives) {
        return "(?<![\\p{L}\\p{N}_])(?:" + alternatives.replace(" ", "\\E\\s+\\Q") + ")(?![\\p{L}\\p{N}_])";
    }
}
