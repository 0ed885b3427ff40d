package dev.lexray.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Line splitting and strict or lenient UTF-8 decoding of text input ({@code --input}, {@code --lenient}). */
class Utf8LinesTest {
    private static List<Utf8Lines.Line> read(byte[] bytes, boolean lenient) {
        try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(bytes), "in.txt", lenient)) {
            List<Utf8Lines.Line> out = new ArrayList<>();
            for (Utf8Lines.Line l = lines.next(); l != null; l = lines.next()) {
                out.add(l);
            }
            assertThat(lines.next()).isNull();
            return out;
        }
    }

    private static List<String> texts(byte[] bytes, boolean lenient) {
        return read(bytes, lenient).stream().map(Utf8Lines.Line::text).toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnLfCrLfAndCrAndDropsALeadingByteOrderMark() {
        assertThat(texts(utf8("\uFEFFa\nb\r\nc\rd"), false)).containsExactly("a", "b", "c", "d");
        assertThat(texts(utf8("a\n\n\r\n \nb\n"), false)).containsExactly("a", "", "", " ", "b");
        assertThat(texts(utf8("a\r"), false)).containsExactly("a");
        assertThat(texts(utf8("\n"), false)).containsExactly("");
        assertThat(texts(new byte[0], false)).isEmpty();
        assertThat(texts(utf8("x\uFEFFy\n\uFEFFz"), false)).as("only a leading BOM is dropped")
                .containsExactly("x\uFEFFy", "\uFEFFz");
        assertThat(read(utf8("a\r\n\r\nb"), false)).extracting(Utf8Lines.Line::number).containsExactly(1, 2, 3);
    }

    @Test
    void keepsEverythingValidAsItIs() {
        String text = "caf\u00E9 \u6771\u4EAC \uD83D\uDC4D\uD83C\uDFFD \u05E9\u05DC\u05D5\u05DD e\u0301 \u0000\u0007\t";
        assertThat(texts(utf8(text + "\n" + text), false)).containsExactly(text, text);
    }

    @Test
    void strictNamesTheSourceTheLineAndTheByte() {
        byte[] in = concat(utf8("good\n\nok "), new byte[] {(byte) 0xC3, 0x28}, utf8("\nmore\n"));
        assertThatThrownBy(() -> read(in, false)).isExactlyInstanceOf(Utf8Lines.MalformedLineException.class)
                .hasMessage("in.txt: line 3 is not valid UTF-8 (byte 0xC3 at byte 4 of the line): save it as UTF-8,"
                        + " or pass --lenient to replace invalid bytes with U+FFFD");
    }

    @Test
    void theLineNumberIsRightFarIntoALargeInput() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 50_000; i++) {
            b.writeBytes(utf8("line number " + i + " with some text\r\n"));
        }
        b.writeBytes(new byte[] {'x', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> read(b.toByteArray(), false)).hasMessageContaining("line 50001 ")
                .hasMessageContaining("byte 0xFF at byte 2");
        List<Utf8Lines.Line> lenient = read(b.toByteArray(), true);
        assertThat(lenient).hasSize(50_001);
        assertThat(lenient.get(50_000).text()).isEqualTo("x\uFFFD");
    }

    @Test
    void everyKindOfInvalidSequenceFailsStrictAndIsReplacedWhenLenient() {
        byte[][] bad = {
            {(byte) 0x80},                                     // lone continuation byte
            {(byte) 0xC3},                                     // truncated 2-byte sequence at the end of a line
            {(byte) 0xE2, (byte) 0x82},                        // truncated 3-byte sequence
            {(byte) 0xC0, (byte) 0xAF},                        // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},           // a UTF-16 surrogate encoded in UTF-8 (CESU)
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
            {(byte) 0xFE}, {(byte) 0xFF},
        };
        for (byte[] b : bad) {
            byte[] line = concat(utf8("a "), b, utf8(" z"));
            assertThatThrownBy(() -> read(line, false)).as(hex(b)).isInstanceOf(LexrayException.class)
                    .hasMessageContaining("line 1 is not valid UTF-8");
            try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(concat(utf8("ok\n"), line)), "x", true)) {
                assertThat(lines.next().text()).isEqualTo("ok");
                String text = lines.next().text();
                assertThat(text).as(hex(b)).startsWith("a \uFFFD").endsWith(" z").doesNotContain("\uD800");
                assertThat(text).isEqualTo(new String(line, StandardCharsets.UTF_8));
                assertThat(lines.repairedLines()).isEqualTo(1);
                assertThat(lines.firstRepairedLine()).isEqualTo(2);
            }
        }
    }

    @Test
    void streamsLazilyAndClosesTheInput() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(utf8("a\nb\nc\n")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        Utf8Lines lines = new Utf8Lines(in, "x", false);
        try (var s = lines.stream()) {
            assertThat(s.limit(2).map(Utf8Lines.Line::text).toList()).containsExactly("a", "b");
            assertThat(lines.lineCount()).isEqualTo(2);
        }
        assertThat(closed).isTrue();
    }

    /** Any bytes: lenient gives exactly Java's decoding of each line; strict gives the same or fails cleanly. */
    @Property(tries = 300)
    void anyBytesDecodeLikeJavaLineByLine(@ForAll("bytes") byte[] bytes) {
        List<byte[]> expectedLines = splitLines(bytes);
        List<String> lenient = texts(bytes, true);
        List<String> expected = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < expectedLines.size(); i++) {
            byte[] l = expectedLines.get(i);
            String s = new String(l, StandardCharsets.UTF_8);
            if (i == 0 && s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            expected.add(s);
            valid &= Arrays.equals(s.getBytes(StandardCharsets.UTF_8),
                    i == 0 && l.length >= 3 && (l[0] & 0xFF) == 0xEF && (l[1] & 0xFF) == 0xBB && (l[2] & 0xFF) == 0xBF
                            ? Arrays.copyOfRange(l, 3, l.length) : l);
        }
        assertThat(lenient).isEqualTo(expected);
        if (valid) {
            assertThat(texts(bytes, false)).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> texts(bytes, false)).isInstanceOf(LexrayException.class)
                    .hasMessageContaining("is not valid UTF-8");
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // Mostly text-like bytes, with line breaks, multi-byte lead and continuation bytes, and anything.
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of((byte) 'a', (byte) ' ', (byte) 'z')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) '\n', (byte) '\r')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82,
                        (byte) 0xAC, (byte) 0xF0, (byte) 0x9F, (byte) 0x91, (byte) 0x8D, (byte) 0xEF, (byte) 0xBB,
                        (byte) 0xBF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(200);
    }

    /** The reference splitting: \r\n, \n and \r end a line; a last line without a break counts if not empty. */
    private static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '\n' || c == '\r') {
                out.add(cur.toByteArray());
                cur.reset();
                if (c == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else {
                cur.write(c);
            }
        }
        if (cur.size() > 0) {
            out.add(cur.toByteArray());
        }
        return out;
    }

    @Test
    void recordsHowEachLineEndedEvenWhenCrAndLfArriveInSeparateReads() {
        byte[] bytes = utf8("a\r\nb\rc\nd");
        InputStream oneByteAtATime = new ByteArrayInputStream(bytes) {
            @Override
            public int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        try (Utf8Lines lines = new Utf8Lines(oneByteAtATime, "in.txt", false)) {
            assertThat(lines.stream().toList()).containsExactly(new Utf8Lines.Line(1, "a", "\r\n"),
                    new Utf8Lines.Line(2, "b", "\r"), new Utf8Lines.Line(3, "c", "\n"), new Utf8Lines.Line(4, "d", ""));
        }
        assertThat(read(utf8("x\r"), false)).containsExactly(new Utf8Lines.Line(1, "x", "\r"));
    }

    @Test
    void afterAnInvalidLineTheReaderGoesOnAtTheNextLine() {
        byte[] in = concat(utf8("good\ncaf"), new byte[] {(byte) 0xE9}, utf8("\nmore\n"));
        try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(in), "in.txt", false)) {
            assertThat(lines.next().text()).isEqualTo("good");
            assertThatThrownBy(lines::next).isInstanceOfSatisfying(Utf8Lines.MalformedLineException.class, e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.reason()).isEqualTo("not valid UTF-8 (byte 0xE9 at byte 4 of the line)");
                assertThat(e.replaced()).isEqualTo("caf\uFFFD");
            });
            assertThat(lines.next()).isEqualTo(new Utf8Lines.Line(3, "more", "\n"));
            assertThat(lines.next()).isNull();
        }
    }

    @Test
    void lenientReadingHasAWarningForItsCallerToPrint() {
        byte[] in = concat(utf8("ok\n"), new byte[] {(byte) 0xFF}, utf8("\nfine\n"), new byte[] {(byte) 0xC3});
        try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(in), "in.txt", true)) {
            assertThat(lines.stream().map(Utf8Lines.Line::text).toList()).containsExactly("ok", "\uFFFD", "fine",
                    "\uFFFD");
            assertThat(lines.repairWarning()).hasValue(
                    "in.txt: replaced invalid UTF-8 with U+FFFD in 2 lines (the first: line 2)");
        }
        try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(utf8("ok\n")), "in.txt", true)) {
            lines.stream().count();
            assertThat(lines.repairWarning()).isEmpty();
        }
    }

    @Test
    void nextNonBlankSkipsBlankLinesButKeepsTheirNumbers() {
        try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(utf8("\n \r\nx\r\ry")), "in.txt", false)) {
            assertThat(lines.nextNonBlank()).isEqualTo(new Utf8Lines.Line(3, "x", "\r"));
            assertThat(lines.nextNonBlank()).isEqualTo(new Utf8Lines.Line(5, "y", ""));
            assertThat(lines.nextNonBlank()).isNull();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X ", x & 0xFF));
        }
        return s.toString().strip();
    }
}
