package dev.lexray.report;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.corpus.LabelledText;
import dev.lexray.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

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
     */
    public record Request(ExplainOptions options, String target, String title, boolean keepStopWords,
            Path corpusSummary, Path json, Path out) {}

    /** What was written: the report and the size of its page in bytes. */
    public record Written(Report report, long bytes) {}

    /** Explains {@code texts} with {@code model} (from {@code modelDirectory}), reporting progress as it goes. */
    public static Report explain(LexrayModel model, Path modelDirectory, List<LabelledText> texts, Request request,
            ReportBuilder.Progress progress) {
        Report report = ReportBuilder.build(model, modelDirectory, texts, request.options(), request.target(),
                progress);
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
            StringBuilder lines = new StringBuilder();
            for (ReportEntry e : report.entries()) {
                lines.append(LexrayJson.toLine(e.explained())).append('\n');
            }
            AtomicFiles.write(request.json(), lines.toString());
        }
        AtomicFiles.write(request.out(), html);
        return new Written(report, html.length);
    }
}
