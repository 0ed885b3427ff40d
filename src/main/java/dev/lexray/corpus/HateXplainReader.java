package dev.lexray.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.text.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * HateXplain in the Hugging Face {@code datasets} serialisation: JSON Lines (despite the {@code .json} name),
 * one post per line, {@code {"id", "annotators": {"label": [..], ...}, "rationales": [[0/1..], ..], "post_tokens": [..]}}.
 *
 * <p>The text is {@code post_tokens} joined by single spaces. The label is the annotators' majority
 * ({@code "0"} hatespeech, {@code "1"} normal, {@code "2"} offensive); a post without a majority gets no label.
 * The rationales (one 0/1 vector per annotator who chose a toxic label) become one {@link Rationale}: every token's
 * span with the share of those annotators who marked it, and as spans the runs of tokens whose share is at least
 * {@code threshold} (0.5 by default: marked by at least half of them).
 */
public final class HateXplainReader implements CorpusReader {
    private final List<Path> files;
    private final double threshold;

    public HateXplainReader(List<Path> files, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("rationale threshold must be in (0, 1], not " + threshold);
        }
        this.files = List.copyOf(files);
        this.threshold = threshold;
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return RecordIterator.overFiles(files, problems, Lines::new);
    }

    private final class Lines extends LineIterator {
        Lines(Path file, Problems problems) {
            super(file, problems);
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            try {
                return post(LexrayJson.mapper().readTree(line));
            } catch (JsonProcessingException e) {
                problems.report("not a JSON object: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                problems.report(e.getMessage());
            }
            return null;
        }

        private LabelledText post(JsonNode o) {
            String id = o.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("no \"id\"");
            }
            JsonNode tokens = o.path("post_tokens");
            if (!tokens.isArray() || tokens.isEmpty()) {
                throw new IllegalArgumentException("post " + id + ": \"post_tokens\" is missing or empty");
            }
            StringBuilder text = new StringBuilder();
            List<Span> tokenSpans = new ArrayList<>(tokens.size());
            for (JsonNode t : tokens) {
                if (!t.isTextual()) {
                    throw new IllegalArgumentException("post " + id + ": a token is not a string: " + t);
                }
                if (text.length() > 0) {
                    text.append(' ');
                }
                int start = text.length();
                text.append(t.asText());
                tokenSpans.add(new Span(start, text.length()));
            }
            String label = majority(id, o.path("annotators").path("label"));
            List<Rationale> rationales = rationale(id, o.path("rationales"), tokenSpans);
            return new LabelledText(id, text.toString(), label, rationales);
        }

        private String majority(String id, JsonNode labels) {
            if (!labels.isArray() || labels.isEmpty()) {
                throw new IllegalArgumentException("post " + id + ": \"annotators.label\" is missing or empty");
            }
            int[] votes = new int[3];
            for (JsonNode l : labels) {
                if (!l.canConvertToInt() || l.asInt() < 0 || l.asInt() > 2) {
                    throw new IllegalArgumentException("post " + id + ": annotator label " + l + " is not 0, 1 or 2");
                }
                votes[l.asInt()]++;
            }
            for (int c = 0; c < 3; c++) {
                if (2 * votes[c] > labels.size()) {
                    return Integer.toString(c);
                }
            }
            return null;
        }

        private List<Rationale> rationale(String id, JsonNode vectors, List<Span> tokenSpans) {
            if (vectors.isMissingNode() || vectors.isNull() || vectors.isEmpty()) {
                return List.of();
            }
            int n = tokenSpans.size();
            double[] share = new double[n];
            for (JsonNode v : vectors) {
                if (!v.isArray() || v.size() != n) {
                    throw new IllegalArgumentException("post " + id + ": a rationale vector has "
                            + (v.isArray() ? v.size() : 0) + " entries for " + n + " tokens");
                }
                for (int i = 0; i < n; i++) {
                    double x = v.get(i).asDouble(Double.NaN);
                    if (!(x == 0 || x == 1)) {
                        throw new IllegalArgumentException("post " + id + ": rationale entry " + v.get(i) + " is not 0 or 1");
                    }
                    share[i] += x / vectors.size();
                }
            }
            List<Rationale.TokenScore> scores = new ArrayList<>(n);
            List<Span> spans = new ArrayList<>();
            int runStart = -1;
            for (int i = 0; i <= n; i++) {
                boolean marked = i < n && share[i] >= threshold - 1e-9;
                if (i < n) {
                    scores.add(new Rationale.TokenScore(tokenSpans.get(i), share[i]));
                }
                if (marked && runStart < 0) {
                    runStart = i;
                } else if (!marked && runStart >= 0) {
                    spans.add(new Span(tokenSpans.get(runStart).start(), tokenSpans.get(i - 1).end()));
                    runStart = -1;
                }
            }
            return List.of(new Rationale(spans, scores));
        }
    }
}
