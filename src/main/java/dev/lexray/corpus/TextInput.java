package dev.lexray.corpus;

import dev.lexray.LexrayException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A UTF-8 text file read one line or one CSV record at a time, with 1-based line numbers.
 * A leading byte-order mark is dropped. Lines end at LF only, and a CR right before it is dropped, so CRLF
 * and LF files read the same while U+0085 (NEL), U+2028 and lone CRs stay inside the text.
 */
final class TextInput implements Closeable {
    private final Path file;
    private final Reader reader;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    /** Line number of the next character. */
    private long line = 1;

    private TextInput(Path file, Reader reader) {
        this.file = file;
        this.reader = reader;
    }

    static TextInput open(Path file) {
        try {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            TextInput in = new TextInput(file, new InputStreamReader(Files.newInputStream(file), decoder));
            if (in.peek() == '\uFEFF') {
                in.pos++;
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new LexrayException("corpus file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Path file() {
        return file;
    }

    /** The line number of the next character (1-based). */
    long line() {
        return line;
    }

    private int peek() {
        if (pos == len) {
            try {
                len = reader.read(buf, 0, buf.length);
            } catch (CharacterCodingException e) {
                throw new LexrayException(file + " near line " + line + ": not valid UTF-8 (" + e + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    private int read() {
        int c = peek();
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    /** The next line without its line end, or {@code null} at the end of the file. */
    String readLine() {
        if (peek() < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder(128);
        int c;
        while ((c = read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        return sb.toString();
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
        if (peek() < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            int c = read();
            if (c == '"' && field.length() == 0 && !quoted) {
                quoted = true;
                readQuoted(field);
                c = read();
                if (c == '\r' && peek() == '\n') {
                    c = read();
                }
                if (c != delimiter && c != '\n' && c >= 0) {
                    skipToLineEnd();
                    throw new CsvSyntaxException("text after the closing quote of field " + (fields.size() + 1));
                }
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                quoted = false;
            } else if (c == '\n' || c < 0) {
                int n = field.length();
                if (c == '\n' && !quoted && n > 0 && field.charAt(n - 1) == '\r') {
                    field.setLength(n - 1);
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    private void readQuoted(StringBuilder field) throws CsvSyntaxException {
        long start = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new CsvSyntaxException("quoted field opened on line " + start + " is never closed");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                } else {
                    return;
                }
            }
            field.append((char) c);
        }
    }

    private void skipToLineEnd() {
        int c;
        do {
            c = read();
        } while (c >= 0 && c != '\n');
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
