package dev.lexray.cli;

import dev.lexray.LexrayException;
import dev.lexray.TextException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    lines.add(line);
                    lineNumbers.add(lineNo);
                }
            }
        } catch (CharacterCodingException e) {
            throw new LexrayException(name + ": line " + (lineNo + 1) + " is not valid UTF-8");
        } catch (IOException e) {
            throw new LexrayException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new LexrayException(name + " holds no text (only blank lines)");
        }
        return lines;
    }
}
