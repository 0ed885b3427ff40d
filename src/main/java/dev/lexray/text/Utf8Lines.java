package dev.lexray.text;

import dev.lexray.LexrayException;
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
 * <p>Strict (the default) stops at the first line that is not valid UTF-8 with a {@link LexrayException} naming
 * the source, the line and the byte; lenient replaces each invalid sequence with U+FFFD and counts the lines it
 * repaired ({@link #repairedLines()}), for the caller to warn about. Blank lines are returned; callers skip them.
 */
public final class Utf8Lines implements AutoCloseable {
    /** One line: its 1-based number in the input and its text, without the line break. */
    public record Line(int number, String text) {}

    private final InputStream in;
    private final String name;
    private final boolean lenient;
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
        this.in = in;
        this.name = name;
        this.lenient = lenient;
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
                        return current.size() == 0 ? null : line();
                    }
                }
                if (afterCr && buffer[pos] == '\n') { // the second half of \r\n
                    pos++;
                    afterCr = false;
                    continue;
                }
                afterCr = false;
                int from = pos;
                while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                    pos++;
                }
                current.write(buffer, from, pos - from);
                if (pos < limit) {
                    afterCr = buffer[pos] == '\r';
                    pos++;
                    return line();
                }
            }
        } catch (IOException e) {
            throw new LexrayException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private Line line() {
        lineNo++;
        String text = decode(current.toByteArray());
        current.reset();
        if (lineNo == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Line(lineNo, text);
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
                throw new LexrayException(String.format(Locale.ROOT,
                        "%s: line %d is not valid UTF-8 (byte 0x%02X at byte %d of the line): save it as UTF-8,"
                                + " or pass --lenient to replace invalid bytes with U+FFFD", name, lineNo,
                        bytes[src.position()] & 0xFF, src.position() + 1));
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
