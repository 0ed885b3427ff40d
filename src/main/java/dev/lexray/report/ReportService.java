package dev.lexray.report;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.LineError;
import dev.lexray.OnError;
import dev.lexray.corpus.LabelledText;
import dev.lexray.io.AtomicFiles;
import dev.lexray.runtime.LexrayException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The workflow of {@code lexray report}, so that the command only parses options: explain every text for every
 * class, summarise, render the page, and write it (and the optional JSON Lines), each file completely or not at
 * all. The model is the caller's (it loads and closes it).
 */
public final class ReportService {
    private ReportService() {}

    /**
     * What to explain and where to write it.
     *
     * @param options the explanation settings (rule, batch size, ...); the target is set per class
     * @param target the class each card shows first: {@code predicted}, a label or an index
     * @param title the page title, or null or blank for the default
     * @param keepStopWords true to keep stop words and punctuation in the top words per class
     * @param corpusSummary a corpus summary JSON whose top words replace those of the cards, or null
     * @param json where to write the target class's explanations as JSON Lines, or null
     * @param out the HTML file
     * @param onError a text that cannot be explained: {@link OnError#FAIL} stops (no report), {@link OnError#SKIP}
     *     leaves it out, {@link OnError#RECORD} lists it apart in the page and writes its error record in its place
     *     in the JSON Lines
     */
    public record Request(ExplainOptions options, String target, String title, boolean keepStopWords,
            Path corpusSummary, Path json, Path out, OnError onError) {
        public Request {
            if (onError == null) {
                onError = OnError.FAIL;
            }
        }

        /** A request that stops at the first text that cannot be explained. */
        public Request(ExplainOptions options, String target, String title, boolean keepStopWords,
                Path corpusSummary, Path json, Path out) {
            this(options, target, title, keepStopWords, corpusSummary, json, out, OnError.FAIL);
        }
    }

    /** What was written: the report and the size of its page in bytes. */
    public record Written(Report report, long bytes) {}

    /** Explains {@code texts} with {@code model} (from {@code modelDirectory}), reporting progress as it goes. */
    public static Report explain(LexrayModel model, Path modelDirectory, List<LabelledText> texts, Request request,
            ReportBuilder.Progress progress) {
        return explain(model, modelDirectory, texts.stream().map(InputText::of).toList(), request, progress,
                w -> {});
    }

    /**
     * As the method above, for texts as read (some of which may be lines that could not be read); texts that cannot
     * be explained are handled by {@link Request#onError()}, and when there are any, one warning says how many and
     * names the first.
     *
     * @throws LexrayException under {@link OnError#FAIL} for the first text that cannot be explained, and
     *     in any case when none can
     */
    public static Report explain(LexrayModel model, Path modelDirectory, List<InputText> texts, Request request,
            ReportBuilder.Progress progress, Consumer<String> warnings) {
        Report report = ReportBuilder.build(model, modelDirectory, texts, request.options(), request.target(),
                progress, request.onError());
        if (!report.failures().isEmpty()) {
            LineError first = report.failures().get(0).error();
            boolean skip = request.onError() == OnError.SKIP;
            warnings.accept(String.format(Locale.ROOT, "%s %d of %d texts that could not be explained (the first,"
                    + " line %d: %s)", skip ? "skipped" : "listed apart", report.failures().size(), texts.size(),
                    first.line(), first.error()));
            if (skip) {
                report = report.withoutFailures();
            }
        }
        return request.title() == null || request.title().isBlank() ? report : report.withTitle(request.title());
    }

    /** Summarises and renders {@code report} and writes the page (and the JSON Lines when asked). */
    public static Written write(Report report, Request request) {
        ReportSummary summary = ReportSummary.of(report, request.keepStopWords());
        if (request.corpusSummary() != null) {
            summary = summary.withCorpusWords(ReportSummary.readCorpusWords(request.corpusSummary()),
                    request.corpusSummary().getFileName().toString());
        }
        byte[] html = HtmlReport.render(report, summary).getBytes(StandardCharsets.UTF_8);
        if (request.json() != null) {
            AtomicFiles.write(request.json(), jsonLines(report));
        }
        AtomicFiles.write(request.out(), html);
        return new Written(report, html.length);
    }

    /**
     * The target class's explanations as JSON Lines, as {@code lexray explain} prints them; the error records of
     * the texts that could not be explained ({@code --on-error record}) go in place of their results.
     */
    static String jsonLines(Report report) {
        StringBuilder lines = new StringBuilder();
        List<Report.Failure> failures = report.failures();
        int f = 0;
        int position = 0;
        for (ReportEntry e : report.entries()) {
            while (f < failures.size() && failures.get(f).position() <= position) {
                lines.append(LexrayJson.toLine(failures.get(f++).error())).append('\n');
                position++;
            }
            lines.append(LexrayJson.toLine(e.explained())).append('\n');
            position++;
        }
        while (f < failures.size()) {
            lines.append(LexrayJson.toLine(failures.get(f++).error())).append('\n');
        }
        return lines.toString();
    }
}
