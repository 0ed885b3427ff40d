package dev.lexray.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * ERASER movie reviews: {@code train/val/test.jsonl} with one object per review,
 * {@code {"annotation_id", "classification": "NEG"|"POS", "evidences": [[{"docid", "start_token", "end_token", "text"}], ..]}},
 * and the review itself in {@code docs/<annotation_id>} (tokens separated by single spaces, one sentence per line).
 *
 * <p>The text is the document as stored, without its final line end (sentences stay on their own lines). The
 * evidences become one {@link Rationale} whose spans are character spans into that text, sorted by position:
 * token {@code start_token} (inclusive) to {@code end_token} (exclusive) of the whitespace-split document. An
 * evidence whose tokens, joined by single spaces, differ from its {@code text} makes the record malformed; an empty
 * evidence ({@code start_token == end_token}, text {@code ""}: 20 in the test split) marks nothing and is left out.
 * Labels come out as {@code "NEG"} and {@code "POS"}; ids are the annotation ids.
 */
public final class EraserReader implements CorpusReader {
    private final Path annotations;
    private final Path docs;

    public EraserReader(Path annotations, Path docs) {
        this.annotations = annotations;
        this.docs = docs;
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        if (!Files.isDirectory(docs)) {
            throw new LexrayException("ERASER documents folder not found: " + docs.toAbsolutePath());
        }
        return new Lines(annotations, problems).stream();
    }

    private final class Lines extends LineIterator {
        Lines(Path file, Problems problems) {
            super(file, problems);
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            try {
                return review(LexrayJson.mapper().readTree(line));
            } catch (JsonProcessingException e) {
                problems.report("not a JSON object: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                problems.report(e.getMessage());
            }
            return null;
        }

        private LabelledText review(JsonNode o) {
            String id = o.path("annotation_id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("no \"annotation_id\"");
            }
            String label = o.path("classification").asText("");
            if (label.isEmpty()) {
                throw new IllegalArgumentException(id + ": no \"classification\"");
            }
            String text = document(id);
            List<Span> tokens = tokens(text);
            List<Span> spans = new ArrayList<>();
            for (JsonNode group : o.path("evidences")) {
                for (JsonNode ev : group) {
                    Span span = evidence(id, ev, text, tokens);
                    if (span != null) {
                        spans.add(span);
                    }
                }
            }
            spans.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
            List<Rationale> rationales = spans.isEmpty() ? List.of() : List.of(new Rationale(spans));
            return new LabelledText(id, text, label, rationales);
        }

        private String document(String docid) {
            Path p = docs.resolve(docid).normalize();
            if (!p.startsWith(docs.normalize()) || !Files.isRegularFile(p)) {
                throw new IllegalArgumentException(docid + ": document " + p + " not found");
            }
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8);
                if (s.startsWith("\uFEFF")) {
                    s = s.substring(1);
                }
                return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            } catch (MalformedInputException e) {
                throw new IllegalArgumentException(docid + ": document " + p + " is not valid UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }

        /** The evidence's character span, or {@code null} for an empty evidence (no tokens, no text). */
        private Span evidence(String id, JsonNode ev, String text, List<Span> tokens) {
            String docid = ev.path("docid").asText(id);
            if (!docid.equals(id)) {
                throw new IllegalArgumentException(id + ": evidence refers to another document, " + docid);
            }
            int start = ev.path("start_token").asInt(-1);
            int end = ev.path("end_token").asInt(-1);
            if (start < 0 || end < start || end > tokens.size()) {
                throw new IllegalArgumentException(id + ": evidence tokens [" + start + ", " + end + ") are outside the "
                        + tokens.size() + " tokens of the document");
            }
            String expected = ev.path("text").asText(null);
            if (start == end) {
                if (expected != null && !expected.isBlank()) {
                    throw new IllegalArgumentException(id + ": evidence tokens [" + start + ", " + end + ") are empty but its text is "
                            + Formats.show(expected));
                }
                return null;
            }
            Span span = new Span(tokens.get(start).start(), tokens.get(end - 1).end());
            if (expected != null && !normalise(span.slice(text)).equals(normalise(expected))) {
                throw new IllegalArgumentException(id + ": evidence tokens [" + start + ", " + end + ") read "
                        + Formats.show(span.slice(text)) + ", not the evidence text " + Formats.show(expected));
            }
            return span;
        }
    }

    /** The spans of the whitespace-separated tokens of {@code text}. */
    static List<Span> tokens(String text) {
        List<Span> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > s) {
                out.add(new Span(s, i));
            }
        }
        return out;
    }

    private static String normalise(String s) {
        return String.join(" ", s.strip().split("\\s+"));
    }
}
