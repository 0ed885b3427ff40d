package dev.lexray.text;

import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads UTF-8 text line by line from bytes, with the right line number for an invalid byte: lines are split on the
 * bytes {@code \n}, {@code \r\n} and {@code \r} first and decoded one at a time (a decoding reader reads ahead and
 * would blame whichever line it happened to be at; UTF-8 never has {@code \n} or {@code \r} inside a multi-byte
 * character). A byte order mark at the start is dropped. Memory is one line, so any length of input streams.
 *
 * <p>Strict (the default) fails at a line that is not valid UTF-8 with a {@link MalformedLineException} naming
 * the source, the line and the byte; the reader is then at the next line, so a caller that tolerates bad lines can
 * read on. Lenient replaces each invalid sequence with U+FFFD and counts the lines it repaired, for the caller to
 * print {@link #repairWarning()}. Blank lines are returned; callers skip them.
 *
 * <p>This is the one line reader of the codebase (CLI input, report input, corpus files), so every input ends lines
 * and reports bad bytes the same way.
 */
public final class Utf8Lines implements AutoCloseable {
    /**
     * One line: its 1-based number in the input, its text without the line break, and the break that ended it
     * ({@code "\n"}, {@code "\r\n"}, {@code "\r"}, or {@code ""} at the end of the input).
     */
    public record Line(int number, String text, String ending) {}

    /** A line that is not valid UTF-8 (strict reading); the reader has moved past it. */
    public static final class MalformedLineException extends LexrayException {
        private final int line;
        private final String reason;
        private final String replaced;

        MalformedLineException(String message, int line, String reason, String replaced) {
            super(message);
            this.line = line;
            this.reason = reason;
            this.replaced = replaced;
        }

        /** What is wrong, without the source and line: {@code not valid UTF-8 (byte 0xE9 at byte 4 of the line)}. */
        public String reason() {
            return reason;
        }

        /** The line's 1-based number. */
        public int line() {
            return line;
        }

        /** The line with each invalid sequence replaced by U+FFFD, to show what it held. */
        public String replaced() {
            return replaced;
        }
    }

    private final InputStream in;
    private final String name;
    private final boolean lenient;
    private final boolean offerLenient;
    private final CharsetDecoder decoder;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private int lineNo;
    private int repairedLines;
    private int firstRepairedLine;
    private boolean done;
    private boolean afterCr;

    /**
     * @param in the bytes (closed by {@link #close()})
     * @param name how errors name the source: a file name, or {@code standard input}
     * @param lenient replace invalid bytes with U+FFFD instead of failing
     */
    public Utf8Lines(InputStream in, String name, boolean lenient) {
        this(in, name, lenient, true);
    }

    /**
     * @param offerLenient whether the error for an invalid line suggests {@code --lenient} (false where the command
     *     has no such option)
     */
    public Utf8Lines(InputStream in, String name, boolean lenient, boolean offerLenient) {
        this.in = in;
        this.name = name;
        this.lenient = lenient;
        this.offerLenient = offerLenient;
        this.decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * The next line, blank or not, or null at the end of the input.
     *
     * @throws LexrayException for invalid UTF-8 (strict) or an input that cannot be read
     */
    public Line next() {
        if (done) {
            return null;
        }
        try {
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        done = true;
                        if (afterCr) {
                            afterCr = false;
                            return line("\r");
                        }
                        return current.size() == 0 ? null : line("");
                    }
                }
                if (afterCr) { // a line ended at \r: it ends at \r\n when \n comes next
                    afterCr = false;
                    boolean crlf = buffer[pos] == '\n';
                    if (crlf) {
                        pos++;
                    }
                    return line(crlf ? "\r\n" : "\r");
                }
                int from = pos;
                while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                    pos++;
                }
                current.write(buffer, from, pos - from);
                if (pos < limit) {
                    boolean cr = buffer[pos] == '\r';
                    pos++;
                    if (cr) {
                        afterCr = true; // decide \r or \r\n on the next byte, which may be in the next read
                        continue;
                    }
                    return line("\n");
                }
            }
        } catch (IOException e) {
            throw new LexrayException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private Line line(String ending) {
        lineNo++;
        byte[] bytes = current.toByteArray();
        current.reset(); // before decoding, so that the reader is at the next line when this one fails
        String text = decode(bytes);
        if (lineNo == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Line(lineNo, text, ending);
    }

    /** The next line that is not blank, or null at the end of the input. */
    public Line nextNonBlank() {
        for (Line l = next(); l != null; l = next()) {
            if (!l.text().isBlank()) {
                return l;
            }
        }
        return null;
    }

    /** True when more input can be read without waiting (a pipe with nothing in it answers false). */
    public boolean ready() {
        try {
            return !done && (pos < limit || afterCr || in.available() > 0);
        } catch (IOException e) {
            return true;
        }
    }

    /** The name errors give the source (a file name, or {@code standard input}). */
    public String name() {
        return name;
    }

    /** The remaining lines, read lazily as the stream is consumed; closing the stream closes this reader. */
    public Stream<Line> stream() {
        Iterator<Line> it = new Iterator<>() {
            private Line pending;

            @Override
            public boolean hasNext() {
                if (pending == null) {
                    pending = Utf8Lines.this.next();
                }
                return pending != null;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line l = pending;
                pending = null;
                return l;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** How many lines so far had invalid bytes replaced (lenient only). */
    public int repairedLines() {
        return repairedLines;
    }

    /** The number of the first line that had invalid bytes replaced, or 0 for none. */
    public int firstRepairedLine() {
        return firstRepairedLine;
    }

    /**
     * The warning a lenient reader's caller prints after reading ({@code --lenient} promises one), or empty when no
     * line needed repair.
     */
    public Optional<String> repairWarning() {
        if (repairedLines == 0) {
            return Optional.empty();
        }
        return Optional.of(name + ": replaced invalid UTF-8 with U+FFFD in " + repairedLines + " line"
                + (repairedLines == 1 ? "" : "s") + " (the first: line " + firstRepairedLine + ")");
    }

    /** How many lines were read so far, blank ones included. */
    public int lineCount() {
        return lineNo;
    }

    private String decode(byte[] bytes) {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more UTF-16 units than bytes
        decoder.reset();
        CoderResult r = decoder.decode(src, out, true);
        if (r.isError()) {
            if (!lenient) {
                String replaced = new String(bytes, StandardCharsets.UTF_8);
                if (lineNo == 1 && replaced.startsWith("\uFEFF")) {
                    replaced = replaced.substring(1);
                }
                String reason = String.format(Locale.ROOT, "not valid UTF-8 (byte 0x%02X at byte %d of the line)",
                        bytes[src.position()] & 0xFF, src.position() + 1);
                throw new MalformedLineException(name + ": line " + lineNo + " is " + reason + ": save it as UTF-8"
                        + (offerLenient ? ", or pass --lenient to replace invalid bytes with U+FFFD" : ""),
                        lineNo, reason, replaced);
            }
            if (repairedLines++ == 0) {
                firstRepairedLine = lineNo;
            }
            return new String(bytes, StandardCharsets.UTF_8); // one U+FFFD per invalid sequence
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Closes the input. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
