package dev.lexray.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HateXplain posts with each annotator's label and targets, which {@link HateXplainReader} folds into one majority
 * label: the bias audit needs the targets. The text is built exactly as the reader builds it ({@code post_tokens}
 * joined by single spaces), so a model sees the same text in both.
 */
public final class HateXplainAnnotations {
    /** HateXplain's label ids: {@code 0} hatespeech, {@code 1} normal, {@code 2} offensive. */
    public static final int HATESPEECH = 0;
    public static final int NORMAL = 1;
    public static final int OFFENSIVE = 2;

    /**
     * One post: its annotators' labels and, per annotator, the targets they named ({@code "None"} for none).
     */
    public record Post(String id, String text, List<Integer> labels, List<List<String>> targets) {
        public Post {
            labels = List.copyOf(labels);
            targets = targets.stream().map(List::copyOf).toList();
        }

        /** The label given by at least 2 of 3 annotators (more than half of them), or {@code null} without one. */
        public Integer majorityLabel() {
            Map<Integer, Integer> votes = new LinkedHashMap<>();
            labels.forEach(l -> votes.merge(l, 1, Integer::sum));
            return votes.entrySet().stream().filter(e -> 2 * e.getValue() > labels.size()).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        /** The targets named by at least 2 of 3 annotators (more than half; an annotator counts once per target). */
        public Set<String> majorityTargets() {
            Map<String, Integer> votes = new LinkedHashMap<>();
            for (List<String> t : targets) {
                new LinkedHashSet<>(t).forEach(x -> votes.merge(x, 1, Integer::sum));
            }
            Set<String> out = new LinkedHashSet<>();
            votes.forEach((k, v) -> {
                if (2 * v > targets.size()) {
                    out.add(k);
                }
            });
            return out;
        }
    }

    private HateXplainAnnotations() {}

    /** Every post of the files, in order; a malformed line is a {@link LexrayException} naming file and line. */
    public static List<Post> read(List<Path> files) {
        List<Post> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f); Utf8Lines lines = new Utf8Lines(in, f.toString(), false)) {
                for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
                    if (line.text().isBlank()) {
                        continue;
                    }
                    try {
                        out.add(post(LexrayJson.mapper().readTree(line.text())));
                    } catch (JsonProcessingException | IllegalArgumentException e) {
                        throw new LexrayException(f + ":" + line.number() + ": not a HateXplain post ("
                                + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                                + "); give the HateXplain JSON Lines files");
                    }
                }
            } catch (IOException e) {
                throw new LexrayException("cannot read " + f + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Post post(JsonNode o) {
        String id = o.path("id").asText("");
        JsonNode tokens = o.path("post_tokens");
        JsonNode annotators = o.path("annotators");
        if (id.isEmpty() || !tokens.isArray() || tokens.isEmpty()) {
            throw new IllegalArgumentException("no \"id\" or no \"post_tokens\"");
        }
        List<String> words = new ArrayList<>();
        tokens.forEach(t -> words.add(t.asText()));
        List<Integer> labels = new ArrayList<>();
        for (JsonNode l : annotators.path("label")) {
            if (!l.canConvertToInt() || l.asInt() < 0 || l.asInt() > 2) {
                throw new IllegalArgumentException("post " + id + ": annotator label " + l + " is not 0, 1 or 2");
            }
            labels.add(l.asInt());
        }
        List<List<String>> targets = new ArrayList<>();
        for (JsonNode t : annotators.path("target")) {
            List<String> named = new ArrayList<>();
            t.forEach(x -> named.add(x.asText()));
            targets.add(named);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("post " + id + ": no \"annotators.label\"");
        }
        return new Post(id, String.join(" ", words), labels, targets);
    }
}
