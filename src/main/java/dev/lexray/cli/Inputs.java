package dev.lexray.cli;

import dev.lexray.LineError;
import dev.lexray.OnError;
import dev.lexray.TextException;
import dev.lexray.TextOutcome;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where texts come from: {@code --text} (repeatable), or {@code --input FILE} / {@code --input -} (one per line).
 *
 * <p>Texts from {@code --input} are processed in chunks and their results written as each chunk is done, so memory
 * stays flat however long the input. What a bad line (not UTF-8, empty after analysis, too long) leaves behind:
 * <ul>
 *   <li>{@code --input FILE}: the whole file is read and every line checked (decoded and encoded) before anything
 *       is explained, so a bad line stops the run (exit 2, its line number) with nothing written;</li>
 *   <li>{@code --input -}: standard input is read as it arrives, in chunks of up to {@code --chunk-size} lines (or
 *       fewer, when the input pauses); each chunk is checked before any of its results are written, so a bad line
 *       stops the run with the results of the earlier chunks already written, and the message says how many.</li>
 * </ul>
 * That is {@code --on-error fail}, the default. With {@code skip} or {@code record} a bad line does not stop the run:
 * it is left out (and counted on standard error) or an error record ({@link LineError}) is written in its place.
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

    @Option(names = "--on-error", paramLabel = "fail|skip|record", defaultValue = "fail",
            description = "A line that cannot be processed (not UTF-8, no token, too long): fail (stop, nothing "
                    + "written for a file), skip (leave it out, count it on standard error) or record (write "
                    + "{\"line\", \"text\", \"error\"} in its place) (default: ${DEFAULT-VALUE}).")
    String onError;

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
        onError();
    }

    OnError onError() {
        return OnError.parse(onError);
    }

    /**
     * Runs {@code work} over the texts in chunks and hands each chunk's results, in input order, to {@code sink}
     * before reading on. {@code validate} encodes one text (throwing {@link LexrayException} for a bad one); it is
     * used to check a file whole, and each chunk of standard input, before anything of it is written.
     *
     * Under {@code --on-error skip|record}, {@code each} runs instead of {@code work}, and {@code sink} gets results
     * and {@link LineError}s in input order (see {@link #processEach}).
     *
     * @param notes where warnings go (the {@code --lenient} repairs, the skipped lines)
     * @return the number of texts processed
     */
    <R> int process(ToIntFunction<String> validate, Function<List<String>, List<R>> work,
            Function<List<String>, List<TextOutcome<R>>> each, Consumer<List<?>> sink, PrintWriter notes) {
        check();
        if (onError() != OnError.FAIL) {
            return processEach(each, sink, notes);
        }
        if (source.texts != null) {
            sink.accept(work.apply(source.texts));
            return source.texts.size();
        }
        boolean stdin = "-".equals(source.input);
        if (!stdin) {
            int n = 0;
            try (Utf8Lines lines = open()) {
                for (Utf8Lines.Line l = lines.nextNonBlank(); l != null; l = lines.nextNonBlank()) {
                    checkLine(lines, l, validate, 0);
                    n++;
                }
                if (n == 0) {
                    throw new LexrayException(lines.name() + " holds no text (only blank lines)");
                }
            }
        }
        int done = 0;
        try (Utf8Lines lines = open()) {
            List<Utf8Lines.Line> chunk = new ArrayList<>(Math.min(chunkSize, 4096));
            for (Utf8Lines.Line l = next(lines, done); ; l = next(lines, done)) {
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
            lines.repairWarning().ifPresent(w -> warn(notes, w));
        }
        return done;
    }

    /** One line of the input: its number, its text, and why it cannot be processed (null when it may be). */
    private record Pending(int line, String text, String error) {}

    /**
     * {@code --on-error skip|record}: every line is read and processed in chunks, a bad one (not UTF-8, or one the
     * model refuses) set aside as a {@link LineError} (record) or left out and counted (skip).
     */
    private <R> int processEach(Function<List<String>, List<TextOutcome<R>>> each, Consumer<List<?>> sink,
            PrintWriter notes) {
        boolean record = onError() == OnError.RECORD;
        int[] failed = {0};
        String[] first = {null};
        Consumer<List<Pending>> flush = chunk -> {
            List<String> texts = chunk.stream().filter(p -> p.error() == null).map(Pending::text).toList();
            List<TextOutcome<R>> outcomes = texts.isEmpty() ? List.of() : each.apply(texts);
            List<Object> items = new ArrayList<>(chunk.size());
            int k = 0;
            for (Pending p : chunk) {
                String error = p.error();
                if (error == null) {
                    TextOutcome<R> o = outcomes.get(k++);
                    if (o instanceof TextOutcome.Success<R> ok) {
                        items.add(ok.result());
                        continue;
                    }
                    error = ((TextOutcome.Failure<R>) o).error();
                }
                if (failed[0]++ == 0) {
                    first[0] = "line " + p.line() + ": " + error;
                }
                if (record) {
                    items.add(new LineError(p.line(), p.text(), error));
                }
            }
            sink.accept(items);
        };
        int total = 0;
        String name;
        if (source.texts != null) {
            name = "--text";
            List<Pending> all = new ArrayList<>();
            for (int i = 0; i < source.texts.size(); i++) {
                all.add(new Pending(i + 1, source.texts.get(i), null));
            }
            flush.accept(all);
            total = all.size();
        } else {
            boolean stdin = "-".equals(source.input);
            try (Utf8Lines lines = open()) {
                name = lines.name();
                List<Pending> chunk = new ArrayList<>(Math.min(chunkSize, 4096));
                while (true) {
                    Pending p = nextPending(lines);
                    if (p != null) {
                        chunk.add(p);
                        total++;
                    }
                    boolean full = p == null || chunk.size() >= chunkSize || (stdin && !lines.ready());
                    if (full && !chunk.isEmpty()) {
                        flush.accept(chunk);
                        chunk.clear();
                    }
                    if (p == null) {
                        break;
                    }
                }
                if (total == 0) {
                    throw new LexrayException(lines.name() + " holds no text (only blank lines)");
                }
                lines.repairWarning().ifPresent(w -> warn(notes, w));
            }
        }
        if (failed[0] > 0) {
            if (!record && failed[0] == total) {
                throw new LexrayException(name + ": none of the " + total + " texts could be processed (the first, "
                        + first[0] + ")");
            }
            warn(notes, String.format(Locale.ROOT, "%s %d of %d text%s that could not be processed (the first, %s)",
                    record ? "wrote error records for" : "skipped", failed[0], total, total == 1 ? "" : "s",
                    first[0]));
        }
        return total - (record ? 0 : failed[0]);
    }

    /** The next non-blank line, or a pending error for a line that is not valid UTF-8, or null at the end. */
    private static Pending nextPending(Utf8Lines lines) {
        try {
            Utf8Lines.Line l = lines.nextNonBlank();
            return l == null ? null : new Pending(l.number(), l.text(), null);
        } catch (Utf8Lines.MalformedLineException e) {
            return new Pending(e.line(), e.replaced(), e.reason());
        }
    }

    private static void warn(PrintWriter notes, String warning) {
        notes.println("lexray: warning: " + warning);
        notes.flush();
    }

    private Utf8Lines.Line next(Utf8Lines lines, int done) {
        try {
            return lines.nextNonBlank();
        } catch (LexrayException e) {
            throw done == 0 ? e : new LexrayException(e.getMessage() + written(done), e);
        }
    }

    private static void checkLine(Utf8Lines lines, Utf8Lines.Line l, ToIntFunction<String> validate, int done) {
        try {
            validate.applyAsInt(l.text());
        } catch (LexrayException e) {
            String reason = e instanceof TextException t ? t.reason() : e.getMessage();
            throw atLine(lines, l, reason, done, e);
        }
    }

    private static LexrayException atLine(Utf8Lines lines, Utf8Lines.Line l, String reason, int done, Exception e) {
        return new LexrayException(lines.name() + " line " + l.number() + ": " + reason + written(done), e);
    }

    private static String written(int done) {
        return done == 0 ? "" : " (the results of the " + done + " texts before its chunk were written)";
    }

    private Utf8Lines open() {
        if ("-".equals(source.input)) {
            return new Utf8Lines(System.in, "standard input", lenient);
        }
        Path p = Path.of(source.input);
        try {
            InputStream in = Files.newInputStream(p);
            return new Utf8Lines(in, p.toString(), lenient);
        } catch (IOException e) {
            throw new LexrayException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
