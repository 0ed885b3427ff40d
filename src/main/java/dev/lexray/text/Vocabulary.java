package dev.lexray.text;

import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word vocabulary read from {@code vocab.txt}: one token per line, the line index is its id,
 * {@code [PAD]} is id 0 and {@code [UNK]} id 1.
 */
public final class Vocabulary {
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> tokens) {
        if (tokens.size() < 2 || !PAD.equals(tokens.get(0)) || !UNK.equals(tokens.get(1))) {
            throw new LexrayException("the vocabulary must start with " + PAD + " (id 0) and " + UNK + " (id 1)");
        }
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            map.putIfAbsent(tokens.get(i), i); // first occurrence wins, as a list index lookup would
        }
        this.ids = map;
    }

    public static Vocabulary read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LexrayException("vocabulary file not found: " + file);
        }
        try {
            String content = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            if (content.startsWith("\uFEFF")) {
                content = content.substring(1); // a byte order mark (Windows editors) is not part of [PAD]
            }
            List<String> lines = content.lines().toList();
            try {
                return new Vocabulary(lines);
            } catch (LexrayException e) {
                throw new LexrayException(file + ": " + e.getMessage(), e);
            }
        } catch (CharacterCodingException e) {
            throw new LexrayException(file + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new LexrayException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a term, or the id of {@code [UNK]}. */
    public int idOf(String term) {
        return ids.getOrDefault(term, unkId());
    }

    public boolean contains(String term) {
        return ids.containsKey(term);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public int padId() {
        return 0;
    }

    public int unkId() {
        return 1;
    }
}
