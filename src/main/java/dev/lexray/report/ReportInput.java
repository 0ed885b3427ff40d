package dev.lexray.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the texts of a report; the one place that knows input formats, so that corpus readers can replace it.
 *
 * <ul>
 *   <li>plain text: one text per line, blank lines skipped, no labels;</li>
 *   <li>TSV with a header: a {@code text} (or {@code sentence}) column and, when present, a {@code label} column
 *       (or the column named by {@code labelColumn}); cells are taken as they are (no quoting);</li>
 *   <li>JSON Lines ({@code .jsonl}): objects with a {@code text} field and optionally a label field.</li>
 * </ul>
 *
 * A file is TSV when its first non-blank line has a tab and a {@code text} or {@code sentence} column; labels may
 * be model labels or class indices ({@code 0}, {@code 1} as in GLUE), resolved later against the model.
 */
public final class ReportInput {
    static final List<String> TEXT_COLUMNS = List.of("text", "sentence");
    static final String DEFAULT_LABEL_COLUMN = "label";

    private ReportInput() {}

    /**
     * Reads {@code file} ({@code -} for standard input).
     *
     * @param labelColumn the label column, or null for {@code label} when present
     * @param limit at most this many texts (0 for all)
     * @throws LexrayException for a missing, unreadable or malformed file, with the line that is wrong
     */
    public static List<LabelledText> read(String file, String labelColumn, int limit) {
        return read(file, labelColumn, limit, false, w -> {});
    }

    /**
     * Reads {@code file} ({@code -} for standard input), replacing invalid UTF-8 with U+FFFD when {@code lenient}
     * (one warning for the file, naming how many lines and the first).
     *
     * @throws LexrayException for a missing, unreadable or malformed file, with the line that is wrong
     */
    public static List<LabelledText> read(String file, String labelColumn, int limit, boolean lenient,
            Consumer<String> warnings) {
        return readTexts(file, labelColumn, limit, lenient, false, warnings).stream().map(InputText::text).toList();
    }

    /**
     * As the method above, each text with its line; when {@code keepBadLines}, a line that is not valid UTF-8 or
     * does not parse is returned as a {@linkplain InputText#failed failed} text instead of stopping the read (a bad
     * header still stops it: without it no line can be read).
     */
    public static List<InputText> readTexts(String file, String labelColumn, int limit, boolean lenient,
            boolean keepBadLines, Consumer<String> warnings) {
        if ("-".equals(file)) {
            return readTexts(System.in, "standard input", false, labelColumn, limit, lenient, keepBadLines,
                    warnings);
        }
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new LexrayException(p + " is a directory: give a .tsv (with a text and a label column), a .txt or"
                    + " a .jsonl file");
        }
        if (!Files.isRegularFile(p)) {
            throw new LexrayException("input file not found: " + p);
        }
        boolean jsonl = p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        try (InputStream in = Files.newInputStream(p)) {
            return readTexts(in, p.getFileName().toString(), jsonl, labelColumn, limit, lenient, keepBadLines,
                    warnings);
        } catch (IOException e) {
            throw new LexrayException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static List<LabelledText> read(InputStream in, String name, boolean jsonl, String labelColumn, int limit) {
        return read(in, name, jsonl, labelColumn, limit, false, w -> {});
    }

    static List<LabelledText> read(InputStream in, String name, boolean jsonl, String labelColumn, int limit,
            boolean lenient, Consumer<String> warnings) {
        return readTexts(in, name, jsonl, labelColumn, limit, lenient, false, warnings).stream()
                .map(InputText::text).toList();
    }

    static List<InputText> readTexts(InputStream in, String name, boolean jsonl, String labelColumn, int limit,
            boolean lenient, boolean keepBadLines, Consumer<String> warnings) {
        List<InputText> out = new ArrayList<>();
        Format format = null;
        // Utf8Lines splits on bytes before decoding, so an invalid byte is blamed on its own line.
        try (Utf8Lines lines = new Utf8Lines(in, name, lenient)) {
            while (limit <= 0 || out.size() < limit) {
                Utf8Lines.Line l;
                try {
                    l = lines.next();
                } catch (Utf8Lines.MalformedLineException e) {
                    if (!keepBadLines || format == null) {
                        throw e;
                    }
                    out.add(InputText.failed(e.replaced(), name + " line " + e.line(), e.line(), e.reason()));
                    continue;
                }
                if (l == null) {
                    break;
                }
                String line = l.text();
                int lineNo = l.number();
                if (line.isBlank()) {
                    continue;
                }
                String where = name + " line " + lineNo;
                if (format == null) {
                    format = jsonl ? new JsonLines(labelColumn) : Format.detect(line, name, labelColumn);
                    if (format.isHeader()) {
                        continue;
                    }
                }
                try {
                    out.add(new InputText(format.parse(line, where), lineNo, null));
                } catch (LexrayException e) {
                    if (!keepBadLines) {
                        throw e;
                    }
                    String reason = e.getMessage().startsWith(where) ? e.getMessage().substring(where.length())
                            .replaceFirst("^:? ", "") : e.getMessage();
                    out.add(InputText.failed(line, where, lineNo, reason));
                }
            }
            lines.repairWarning().ifPresent(warnings);
        }
        if (out.isEmpty()) {
            throw new LexrayException(name + " holds no text");
        }
        return out;
    }

    private interface Format {
        /** True when the line that chose the format is a header and holds no text. */
        boolean isHeader();

        LabelledText parse(String line, String where);

        static Format detect(String first, String name, String labelColumn) {
            if (first.indexOf('\t') >= 0) {
                List<String> header = Arrays.stream(first.split("\t", -1))
                        .map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
                int text = -1;
                for (String candidate : TEXT_COLUMNS) {
                    if (text < 0) {
                        text = header.indexOf(candidate);
                    }
                }
                if (text >= 0) {
                    int label = header.indexOf(labelColumn == null ? DEFAULT_LABEL_COLUMN
                            : labelColumn.strip().toLowerCase(Locale.ROOT));
                    if (label < 0 && labelColumn != null) {
                        throw new LexrayException(name + " has no column '" + labelColumn + "' (--labels-from);"
                                + " its columns are " + header);
                    }
                    return new Tsv(text, label, header.size());
                }
            }
            if (labelColumn != null) {
                throw new LexrayException("--labels-from needs a TSV file whose first line is a header with a"
                        + " text (or sentence) column, like text<TAB>label; " + name + " has none");
            }
            return new Plain();
        }
    }

    private record Plain() implements Format {
        @Override
        public boolean isHeader() {
            return false;
        }

        @Override
        public LabelledText parse(String line, String where) {
            return new LabelledText(where, line, null);
        }
    }

    private record Tsv(int text, int label, int columns) implements Format {
        @Override
        public boolean isHeader() {
            return true;
        }

        @Override
        public LabelledText parse(String line, String where) {
            String[] cells = line.split("\t", -1);
            int needed = Math.max(text, label) + 1;
            if (cells.length < needed) {
                throw new LexrayException(where + ": " + cells.length + " column" + (cells.length == 1 ? "" : "s")
                        + " but the header has " + columns + " (cells are separated by tabs)");
            }
            if (cells[text].isBlank()) {
                throw new LexrayException(where + ": the text cell is empty");
            }
            return new LabelledText(where, cells[text], label < 0 ? null : labelOrNull(cells[label].strip()));
        }
    }

    private record JsonLines(String labelColumn) implements Format {
        @Override
        public boolean isHeader() {
            return false;
        }

        @Override
        public LabelledText parse(String line, String where) {
            JsonNode node;
            try {
                node = LexrayJson.mapper().readTree(line);
            } catch (IOException e) {
                throw new LexrayException(where + " is not valid JSON");
            }
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual() || text.asText().isBlank()) {
                throw new LexrayException(where + ": needs a non-empty \"text\" string");
            }
            JsonNode label = node.get(labelColumn == null ? DEFAULT_LABEL_COLUMN : labelColumn);
            if (label == null && labelColumn != null) {
                throw new LexrayException(where + " has no field '" + labelColumn + "' (--labels-from)");
            }
            return new LabelledText(where, text.asText(), label == null || label.isNull() ? null : labelOrNull(label.asText()));
        }
    }

    /** A blank label cell means "unknown", as a missing one does. */
    private static String labelOrNull(String label) {
        return label.isBlank() ? null : label;
    }
}
