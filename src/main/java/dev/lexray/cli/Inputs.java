package dev.lexray.cli;

import dev.lexray.LexrayException;
import dev.lexray.TextException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where texts come from: {@code --text} (repeatable), or {@code --input FILE} / {@code --input -} (one per line).
 *
 * <p>Texts from {@code --input} are processed in chunks and their results written as each chunk is done, so memory
 * stays flat however long the input. What a bad line (not UTF-8, or no known word) leaves behind:
 * <ul>
 *   <li>{@code --input FILE}: the whole file is read and every line checked (decoded and encoded) before anything
 *       is explained, so a bad line stops the run (exit 2, its line number) with nothing written;</li>
 *   <li>{@code --input -}: standard input is read as it arrives, in chunks of up to {@code --chunk-size} lines (or
 *       fewer, when the input pauses); each chunk is checked before any of its results are written, so a bad line
 *       stops the run with the results of the earlier chunks already written, and the message says how many.</li>
 * </ul>
 */
final class Inputs {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "A text to process (repeatable).")
        List<String> texts;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE",
                description = "A UTF-8 file with one text per line, or - for standard input. Blank lines are skipped. "
                        + "Processed in chunks, results written as they are done; a file is checked whole first.")
        String input;
    }

    @Option(names = "--lenient", description = "Replace invalid UTF-8 in --input by U+FFFD (with a warning) instead of "
            + "stopping at the line.")
    boolean lenient;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1024",
            description = "Lines of --input explained at a time (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    /** Checks that the source can be opened (a missing file fails before the model is loaded). */
    void check() {
        if (source.input != null && !"-".equals(source.input)) {
            Path p = Path.of(source.input);
            if (Files.isDirectory(p)) {
                throw new LexrayException("--input names a directory, not a file: " + p);
            }
            if (!Files.isRegularFile(p)) {
                throw new LexrayException("input file not found: " + p);
            }
        }
        if (chunkSize < 1) {
            throw new LexrayException("--chunk-size must be at least 1, got " + chunkSize);
        }
    }

    /**
     * Runs {@code work} over the texts in chunks and hands each chunk's results, in input order, to {@code sink}
     * before reading on. {@code validate} encodes one text (throwing {@link LexrayException} for a bad one); it is
     * used to check a file whole, and each chunk of standard input, before anything of it is written.
     *
     * @return the number of texts processed
     */
    <R> int process(ToIntFunction<String> validate, Function<List<String>, List<R>> work, Consumer<List<R>> sink) {
        check();
        if (source.texts != null) {
            sink.accept(work.apply(source.texts));
            return source.texts.size();
        }
        boolean stdin = "-".equals(source.input);
        if (!stdin) {
            int n = 0;
            try (TextLines lines = open()) {
                for (TextLines.Line l = lines.next(); l != null; l = lines.next()) {
                    checkLine(lines, l, validate, 0);
                    n++;
                }
                if (n == 0) {
                    throw new LexrayException(lines.name() + " holds no text (only blank lines)");
                }
            }
        }
        int done = 0;
        try (TextLines lines = open()) {
            List<TextLines.Line> chunk = new ArrayList<>(Math.min(chunkSize, 4096));
            for (TextLines.Line l = next(lines, done); ; l = next(lines, done)) {
                if (l != null) {
                    if (stdin) {
                        checkLine(lines, l, validate, done);
                    }
                    chunk.add(l);
                }
                boolean flush = l == null || chunk.size() >= chunkSize || (stdin && !lines.ready());
                if (flush && !chunk.isEmpty()) {
                    List<String> texts = new ArrayList<>(chunk.size());
                    chunk.forEach(c -> texts.add(c.text()));
                    List<R> results;
                    try {
                        results = work.apply(texts);
                    } catch (TextException e) {
                        throw atLine(lines, chunk.get(e.index()), e.reason(), done, e);
                    }
                    sink.accept(results);
                    done += chunk.size();
                    chunk.clear();
                }
                if (l == null) {
                    break;
                }
            }
            if (done == 0) {
                throw new LexrayException(lines.name() + " holds no text (only blank lines)");
            }
        }
        return done;
    }

    private TextLines.Line next(TextLines lines, int done) {
        try {
            return lines.next();
        } catch (LexrayException e) {
            throw done == 0 ? e : new LexrayException(e.getMessage() + written(done), e);
        }
    }

    private static void checkLine(TextLines lines, TextLines.Line l, ToIntFunction<String> validate, int done) {
        try {
            validate.applyAsInt(l.text());
        } catch (LexrayException e) {
            String reason = e instanceof TextException t ? t.reason() : e.getMessage();
            throw atLine(lines, l, reason, done, e);
        }
    }

    private static LexrayException atLine(TextLines lines, TextLines.Line l, String reason, int done, Exception e) {
        return new LexrayException(lines.name() + " line " + l.number() + ": " + reason + written(done), e);
    }

    private static String written(int done) {
        return done == 0 ? "" : " (the results of the " + done + " texts before its chunk were written)";
    }

    private TextLines open() {
        if ("-".equals(source.input)) {
            return new TextLines(System.in, "standard input", lenient);
        }
        Path p = Path.of(source.input);
        try {
            InputStream in = Files.newInputStream(p);
            return new TextLines(in, p.toString(), lenient);
        } catch (IOException e) {
            throw new LexrayException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
