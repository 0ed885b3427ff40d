package dev.lexray.cli;

import dev.lexray.LexrayException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The non-blank lines of a UTF-8 stream, one at a time, with their 1-based line numbers: {@code \n}, {@code \r\n}
 * and {@code \r} end a line, a byte-order mark on line 1 is dropped, and a line that is not valid UTF-8 fails with
 * its number. Lines are split on bytes and decoded one by one (a decoding reader reads ahead, and would report an
 * invalid byte on whichever line it happened to be at; UTF-8 never has \n or \r inside a multi-byte character).
 */
final class TextLines implements AutoCloseable {
    record Line(int number, String text) {}

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int lineNo;
    private boolean afterCr;
    private boolean eof;

    /** @param lenient replace invalid UTF-8 by U+FFFD instead of failing at the line */
    TextLines(InputStream in, String name, boolean lenient) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.name = name;
        CodingErrorAction onError = lenient ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
        this.decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
    }

    /** Where the lines come from ("standard input" or the file's path), for messages. */
    String name() {
        return name;
    }

    /** The next non-blank line, or null at the end. */
    Line next() {
        try {
            while (!eof) {
                int b = in.read();
                if (b == '\n' && afterCr) { // the second half of \r\n
                    afterCr = false;
                    continue;
                }
                afterCr = b == '\r';
                if (b != -1 && b != '\n' && b != '\r') {
                    current.write(b);
                    continue;
                }
                if (b == -1) {
                    eof = true;
                    if (current.size() == 0) {
                        break;
                    }
                }
                lineNo++;
                String line = decode();
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    return new Line(lineNo, line);
                }
            }
            return null;
        } catch (IOException e) {
            throw new LexrayException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** True when more input can be read without waiting (a pipe with nothing in it answers false). */
    boolean ready() {
        try {
            return !eof && in.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    private String decode() {
        try {
            return decoder.decode(ByteBuffer.wrap(current.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new LexrayException(name + ": line " + lineNo + " is not valid UTF-8: save the file as UTF-8, or pass --lenient to replace the bad bytes");
        } finally {
            current.reset();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
