package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A UTF-8 text file read one line or one CSV record at a time, with 1-based line numbers, over the codebase's one
 * line reader ({@link Utf8Lines}): a leading byte-order mark is dropped, and LF, CRLF and CR end a line as in every
 * other input (U+0085 and U+2028 stay inside the text); an invalid byte fails with its line and byte position.
 */
final class TextInput implements Closeable {
    private final Path file;
    private final Utf8Lines lines;
    /** The line read ahead by {@link #peekLine()}, or null. */
    private Utf8Lines.Line pending;
    private boolean eof;
    /** Line number of the next line. */
    private long line = 1;

    private TextInput(Path file, Utf8Lines lines) {
        this.file = file;
        this.lines = lines;
    }

    static TextInput open(Path file) {
        try {
            // Corpus commands have no --lenient: the message only says to save the file as UTF-8.
            return new TextInput(file, new Utf8Lines(Files.newInputStream(file), file.toString(), false, false));
        } catch (NoSuchFileException e) {
            throw new LexrayException("corpus file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Path file() {
        return file;
    }

    /** The line number of the next line (1-based). */
    long line() {
        return line;
    }

    private Utf8Lines.Line peekLine() {
        if (pending == null && !eof) {
            pending = lines.next();
            eof = pending == null;
        }
        return pending;
    }

    private Utf8Lines.Line take() {
        Utf8Lines.Line l = peekLine();
        if (l != null) {
            pending = null;
            line = l.number() + 1L;
        }
        return l;
    }

    /** The next line without its line end, or {@code null} at the end of the file. */
    String readLine() {
        Utf8Lines.Line l = take();
        return l == null ? null : l.text();
    }

    /** Thrown by {@link #readCsvRecord} for a record that breaks RFC 4180; the input is left at the next line. */
    static final class CsvSyntaxException extends Exception {
        CsvSyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The next RFC 4180 record: fields separated by {@code delimiter}, optionally in double quotes, where a
     * quoted field may hold the delimiter, line breaks (kept as they are) and doubled quotes ({@code ""} for
     * {@code "}). Returns {@code null} at the end of the file.
     */
    List<String> readCsvRecord(char delimiter) throws CsvSyntaxException {
        Utf8Lines.Line l = take();
        if (l == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String s = l.text();
        int i = 0;
        while (true) {
            if (i == s.length()) { // the end of an unquoted field at the end of the line
                fields.add(field.toString());
                return fields;
            }
            char c = s.charAt(i++);
            if (c == '"' && field.length() == 0) {
                long start = l.number();
                while (true) { // the quoted field, over as many lines as it takes
                    if (i == s.length()) {
                        Utf8Lines.Line more = take();
                        if (more == null) {
                            throw new CsvSyntaxException("quoted field opened on line " + start + " is never closed");
                        }
                        field.append(l.ending());
                        l = more;
                        s = l.text();
                        i = 0;
                        continue;
                    }
                    char q = s.charAt(i++);
                    if (q == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            i++;
                        } else {
                            break;
                        }
                    }
                    field.append(q);
                }
                if (i < s.length() && s.charAt(i) != delimiter) {
                    throw new CsvSyntaxException("text after the closing quote of field " + (fields.size() + 1));
                }
                if (i == s.length()) {
                    fields.add(field.toString());
                    return fields;
                }
                i++; // the delimiter
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
