package dev.lexray.cli;

import dev.lexray.LexrayModel;
import dev.lexray.OnError;
import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.LabelledText;
import dev.lexray.report.InputText;
import dev.lexray.report.Report;
import dev.lexray.report.ReportInput;
import dev.lexray.report.ReportService;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray report}: a self-contained HTML page explaining many texts, every class of each on demand. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a self-contained HTML report: every text as a card with its words coloured by"
                + " relevance (red towards the explained class, blue against), switchable to any class, with"
                + " sorting, filtering, accuracy, a confusion matrix and the top words per class.",
            "Input: one text per line, or a TSV whose header names a text (or sentence) column and a label column."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"-i", "--input"}, paramLabel = "FILE",
                description = "Texts: one per line, or TSV with a header (text<TAB>label), or .jsonl; - for standard"
                        + " input.")
        String input;

        @Option(names = "--corpus", paramLabel = "NAME[:SPLIT]|PATH",
                description = "A named corpus (e.g. sst2-trees:test, davidson:dev; see lexray corpus) or a labelled"
                        + " file: TSV with a header (text or sentence column, label column) or JSON Lines.")
        String corpus;

        @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "A text (repeatable).")
        List<String> texts;
    }

    @Option(names = "--target", paramLabel = "T", defaultValue = "predicted",
            description = "Class each card explains first: predicted, a label or an index (default: ${DEFAULT-VALUE})."
                    + " Every class is explained and can be switched to in the page.")
    String target;

    @Mixin
    RuleOptions rules;

    @Option(names = "--labels-from", paramLabel = "COLUMN",
            description = "The column (or JSON field) holding the true labels (default: label, when present).")
    String labelsFrom;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Report on the first N texts only (default: all).")
    int limit;

    @Option(names = "--corpus-summary", paramLabel = "FILE",
            description = "Top words per class from a corpus summary JSON (Spark's SummaryJob over a corpus too large "
                    + "for one page) instead of from the cards; the cards are then a sample.")
    Path corpusSummary;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the explanations of the target class as JSON Lines, exactly as lexray explain"
                    + " prints them.")
    Path json;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "The HTML file to write (written completely or not at all).")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Page title (default: Lexray report: MODEL).")
    String title;

    @Option(names = "--keep-stop-words",
            description = "Keep stop words and punctuation in the top words per class.")
    boolean keepStopWords;

    @Option(names = "--layers",
            description = "Per card, the relevance per layer (output to words) and, for transformers, a layers x "
                    + "heads heatmap; a summary of every head over the texts (LRP only).")
    boolean layers;

    @Option(names = "--no-progress", description = "Print no progress on standard error.")
    boolean noProgress;

    @Option(names = "--lenient",
            description = "Replace invalid UTF-8 in the input file with U+FFFD (with a warning) instead of stopping.")
    boolean lenient;

    @Option(names = "--on-error", paramLabel = "fail|skip|record", defaultValue = "fail",
            description = "A text that cannot be explained (a line not UTF-8 or malformed, an unknown label, no token,"
                    + " too long): fail (stop, no report), skip (leave it out, count it on standard error) or record"
                    + " (list it in the page, and write {\"line\", \"text\", \"error\"} in its place in --json)"
                    + " (default: ${DEFAULT-VALUE}).")
    String onError;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new LexrayException("--limit must be 0 (all) or positive, got " + limit);
        }
        if (Files.isDirectory(out)) {
            throw new LexrayException("--out " + out + " is a directory: name the HTML file to write");
        }
        if (json != null && json.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new LexrayException("--json and --out name the same file");
        }
        OnError whenBad = OnError.parse(onError);
        List<InputText> texts = read(whenBad != OnError.FAIL);
        ReportService.Request request = new ReportService.Request(
                layers ? rules.toOptions().withLayers(true) : rules.toOptions(), target, title, keepStopWords,
                corpusSummary, json, out, whenBad);
        PrintWriter err = LexrayCommand.notes(spec);
        Report report;
        List<String> warnings = new ArrayList<>();
        try (LexrayModel m = model.load()) {
            ProgressLine progress = new ProgressLine(err, !noProgress, m.labels().size());
            report = ReportService.explain(m, model.model, texts, request, progress, warnings::add);
            progress.finish();
        }
        warnings.forEach(w -> err.println("lexray: warning: " + w));
        err.flush();
        ReportService.Written written = ReportService.write(report, request);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: %d texts, %d classes, %s%n", out, report.entries().size(),
                report.labels().size(), size(written.bytes()));
        stdout.flush();
        return 0;
    }

    private List<InputText> read(boolean keepBadLines) {
        if (source.texts != null) {
            List<InputText> t = source.texts.stream().map(text -> InputText.of(new LabelledText("", text, null)))
                    .toList();
            return limit > 0 && t.size() > limit ? t.subList(0, limit) : t;
        }
        if (source.corpus != null && !Files.exists(Path.of(source.corpus))) {
            return namedCorpus(source.corpus).stream().map(InputText::of).toList();
        }
        PrintWriter notes = LexrayCommand.notes(spec);
        List<InputText> texts = ReportInput.readTexts(source.input != null ? source.input : source.corpus,
                labelsFrom, limit, lenient, keepBadLines, w -> notes.println("lexray: warning: " + w));
        notes.flush();
        return texts;
    }

    private List<LabelledText> namedCorpus(String spec) {
        int colon = spec.lastIndexOf(':');
        String name = colon > 0 ? spec.substring(0, colon) : spec;
        String split = colon > 0 ? spec.substring(colon + 1) : null;
        CorpusOptions options = CorpusOptions.defaults();
        if (limit > 0) {
            options = options.withLimit(limit);
        }
        try (Corpus c = Corpora.open(name, split, options)) {
            List<LabelledText> out = new ArrayList<>();
            for (LabelledText t : c) {
                if (!t.text().isBlank()) {
                    out.add(new LabelledText(name + (t.id() == null ? "" : " " + t.id()), t.text(), t.label()));
                }
            }
            return out;
        }
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
