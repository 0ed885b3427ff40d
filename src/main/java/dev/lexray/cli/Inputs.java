package dev.lexray.cli;

import dev.lexray.LexrayException;
import dev.lexray.TextException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where texts come from: {@code --text} (repeatable), or {@code --input FILE} / {@code --input -} (one per line). */
final class Inputs {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "A text to process (repeatable).")
        List<String> texts;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE",
                description = "A UTF-8 file with one text per line, or - for standard input. Blank lines are skipped.")
        String input;
    }

    /** Line number (1-based) of each text read from a file; empty for --text. */
    private final List<Integer> lineNumbers = new ArrayList<>();
    private String sourceName = "";

    /** Runs {@code work}, turning a failing text's position into its file and line. */
    <T> T withLineNumbers(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (TextException e) {
            if (lineNumbers.isEmpty()) {
                throw e;
            }
            throw new LexrayException(sourceName + " line " + lineNumbers.get(e.index()) + ": " + e.reason(), e);
        }
    }

    /** The texts, with a clear error for unreadable or invalid input. */
    List<String> read() {
        if (source.texts != null) {
            return source.texts;
        }
        if ("-".equals(source.input)) {
            return readLines(System.in, "standard input");
        }
        Path p = Path.of(source.input);
        if (Files.isDirectory(p)) {
            throw new LexrayException("--input names a directory, not a file: " + p);
        }
        if (!Files.isRegularFile(p)) {
            throw new LexrayException("input file not found: " + p);
        }
        try (InputStream in = Files.newInputStream(p)) {
            return readLines(in, p.toString());
        } catch (IOException e) {
            throw new LexrayException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private List<String> readLines(InputStream in, String name) {
        sourceName = name;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int lineNo = 0;
        // Split on bytes and decode line by line: a decoding reader reads ahead, and would report an invalid byte
        // on whichever line it happened to be at. UTF-8 never has \n or \r inside a multi-byte character.
        try (InputStream bytes = new BufferedInputStream(in)) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean afterCr = false;
            for (int b = bytes.read(); b != -1 || current.size() > 0; b = bytes.read()) {
                if (b == '\n' && afterCr) { // the second half of \r\n
                    afterCr = false;
                    continue;
                }
                afterCr = b == '\r';
                if (b != -1 && b != '\n' && b != '\r') {
                    current.write(b);
                    continue;
                }
                lineNo++;
                String line = decoder.decode(ByteBuffer.wrap(current.toByteArray())).toString();
                current.reset();
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    lines.add(line);
                    lineNumbers.add(lineNo);
                }
                if (b == -1) {
                    break;
                }
            }
        } catch (CharacterCodingException e) {
            throw new LexrayException(name + ": line " + lineNo + " is not valid UTF-8");
        } catch (IOException e) {
            throw new LexrayException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new LexrayException(name + " holds no text (only blank lines)");
        }
        return lines;
    }
}
