package dev.lexray.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Your own data: CSV (RFC 4180), TSV (one record per line, fields split at tabs, no quoting) or JSON Lines, with
 * a named text column and, optionally, a label column and an id column.
 *
 * <p>CSV and TSV files have a header line naming the columns; without one ({@link Columns#header} false) the
 * columns are given as 0-based numbers. JSON Lines objects name the fields directly. When the label column is the
 * default {@code label} and the file has none, the texts come out unlabelled; a label column you name must exist.
 * Records without an id column get {@code file:line}. Labels are kept as written (JSON numbers as their text).
 */
public final class TableReader implements CorpusReader {
    /** The supported layouts. */
    public enum Format {
        CSV, TSV, JSONL;

        /** The layout for a file name ending in {@code .csv}, {@code .tsv}/{@code .tab}, {@code .jsonl}/{@code .ndjson}/{@code .json}. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".tsv") || n.endsWith(".tab")) {
                return TSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
                return JSONL;
            }
            return null;
        }
    }

    /**
     * Which columns hold what.
     *
     * @param text   the text column (default {@code text})
     * @param label  the label column, or {@code null} for the default: {@code label} when present, otherwise none
     * @param id     the id column, or {@code null} for {@code file:line}
     * @param header whether a CSV/TSV file starts with a header line (when not, columns are 0-based numbers)
     */
    public record Columns(String text, String label, String id, boolean header) {
        public static final Columns DEFAULT = new Columns("text", null, null, true);

        public Columns {
            text = text == null ? "text" : text;
        }
    }

    private final Path file;
    private final Format format;
    private final Columns columns;

    public TableReader(Path file, Format format, Columns columns) {
        this.file = file;
        this.format = format;
        this.columns = columns;
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return format == Format.JSONL ? new Json(file, problems).stream() : new Delimited(file, problems).stream();
    }

    private final class Delimited extends CsvIterator {
        private final int text;
        private final int label;
        private final int id;
        private final int width;

        Delimited(Path file, Problems problems) {
            super(file, problems, format == Format.CSV ? ',' : '\t', format == Format.CSV);
            List<String> names = null;
            if (columns.header()) {
                names = nextFields();
                if (names == null) {
                    close();
                    throw new LexrayException(file + ": empty file (expected a header line naming the columns)");
                }
                names = names.stream().map(String::strip).toList();
            }
            try {
                text = index(names, columns.text(), true);
                label = columns.label() == null ? index(names, "label", false) : index(names, columns.label(), true);
                id = columns.id() == null ? -1 : index(names, columns.id(), true);
            } catch (LexrayException e) {
                close();
                throw e;
            }
            width = names == null ? -1 : names.size();
        }

        private int index(List<String> names, String column, boolean required) {
            if (names == null) {
                try {
                    return Integer.parseInt(column);
                } catch (NumberFormatException e) {
                    if (!required) {
                        return -1;
                    }
                    throw new LexrayException(file + " has no header line, so name columns by number (0 is the first), not '"
                            + column + "'");
                }
            }
            int i = names.indexOf(column);
            if (i < 0 && required) {
                throw new LexrayException(file + " has no column '" + column + "'; its columns are " + String.join(", ", names));
            }
            return i;
        }

        @Override
        protected LabelledText parse(List<String> fields, long lineNumber) {
            if (width >= 0 && fields.size() != width) {
                problems.report("expected " + width + " fields as in the header, found " + fields.size());
                return null;
            }
            int need = Math.max(text, Math.max(label, id));
            if (fields.size() <= need) {
                problems.report("expected at least " + (need + 1) + " fields, found " + fields.size());
                return null;
            }
            return record(fields.get(text), label < 0 ? null : fields.get(label), id < 0 ? null : fields.get(id), lineNumber);
        }

        private LabelledText record(String t, String l, String i, long lineNumber) {
            if (t.isBlank()) {
                problems.report("empty text");
                return null;
            }
            String labelValue = l == null || l.isBlank() ? null : l.strip();
            if (l != null && labelValue == null) {
                problems.report("empty label");
                return null;
            }
            String idValue = i == null || i.isBlank() ? file().getFileName() + ":" + lineNumber : i.strip();
            return new LabelledText(idValue, t, labelValue);
        }
    }

    private final class Json extends LineIterator {
        Json(Path file, Problems problems) {
            super(file, problems);
        }

        @Override
        protected LabelledText parse(String line, long lineNumber) {
            JsonNode o;
            try {
                o = LexrayJson.mapper().readTree(line);
            } catch (JsonProcessingException e) {
                problems.report("not a JSON object: " + e.getOriginalMessage());
                return null;
            }
            if (!o.isObject()) {
                problems.report("not a JSON object");
                return null;
            }
            JsonNode t = o.get(columns.text());
            if (t == null || !t.isTextual() || t.asText().isBlank()) {
                problems.report("no text in field \"" + columns.text() + "\"");
                return null;
            }
            String labelField = columns.label() == null ? "label" : columns.label();
            JsonNode l = o.get(labelField);
            if ((l == null || l.isNull()) && columns.label() != null) {
                problems.report("no label in field \"" + labelField + "\"");
                return null;
            }
            if (l != null && !l.isNull() && !l.isValueNode()) {
                problems.report("label field \"" + labelField + "\" is not a string or number");
                return null;
            }
            String label = l == null || l.isNull() ? null : l.asText();
            JsonNode i = columns.id() == null ? null : o.get(columns.id());
            String id = i == null || i.isNull() ? lineId(lineNumber) : i.asText();
            return new LabelledText(id, t.asText(), label);
        }
    }
}
