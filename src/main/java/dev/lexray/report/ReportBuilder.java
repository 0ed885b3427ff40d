package dev.lexray.report;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.LineError;
import dev.lexray.OnError;
import dev.lexray.Target;
import dev.lexray.TextException;
import dev.lexray.TextOutcome;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains every text for every class of a model, through the public API, and gathers a {@link Report}.
 * Texts go in batches of {@link ExplainOptions#batchSize()}; each batch is explained for every class, with one
 * forward pass for all classes when the method is LRP.
 */
public final class ReportBuilder {
    /** Told after each batch how many texts are done. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (done, total) -> {};
    }

    private static final int MAX_CARD_CHARS = 1200;

    private ReportBuilder() {}

    /**
     * @param model the loaded model
     * @param modelDirectory its directory, for {@code MODEL_CARD.md} (may be null)
     * @param texts the texts with their labels
     * @param options rule, precision and batch size; the target is ignored (every class is explained)
     * @param targetSpec the class shown first: {@code predicted}, a label or an index
     * @throws LexrayException for an unknown target or label, or a text the model cannot encode (naming its line)
     */
    public static Report build(LexrayModel model, Path modelDirectory, List<LabelledText> texts,
            ExplainOptions options, String targetSpec, Progress progress) {
        return build(model, modelDirectory, texts.stream().map(InputText::of).toList(), options, targetSpec,
                progress, OnError.FAIL);
    }

    /**
     * As the method above, with a choice for a text that cannot be explained (a line that could not be read, an
     * unknown label, a text the model refuses): {@link OnError#FAIL} stops, the others set it aside as a
     * {@link Report.Failure} (the caller drops them for {@link OnError#SKIP}).
     *
     * @throws LexrayException also when no text at all could be explained
     */
    public static Report build(LexrayModel model, Path modelDirectory, List<InputText> texts,
            ExplainOptions options, String targetSpec, Progress progress, OnError onError) {
        List<String> labels = model.labels();
        String spec = targetSpec == null ? "predicted" : targetSpec;
        Target target = Target.parse(spec, labels);
        if (target instanceof Target.Contrast) {
            throw new LexrayException("a report explains single classes (and shows every class on demand): use"
                    + " --target predicted, a label or an index, not a contrast");
        }
        Target.resolve(target, labels, 0); // an unknown label fails before any work
        if (texts.isEmpty()) {
            throw new LexrayException("no text to report on");
        }
        boolean tolerant = onError != OnError.FAIL;
        int[] truth = new int[texts.size()];
        String[] failed = new String[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            InputText in = texts.get(i);
            LabelledText t = in.text();
            if (in.error() != null) {
                if (!tolerant) {
                    throw new LexrayException(where(t) + in.error());
                }
                failed[i] = in.error();
                continue;
            }
            try {
                truth[i] = trueIndex(t, labels);
            } catch (LexrayException e) {
                if (!tolerant) {
                    throw e;
                }
                failed[i] = e.getMessage().substring(where(t).length());
            }
        }
        List<ReportEntry> entries = new ArrayList<>(texts.size());
        int batch = options.batchSize();
        progress.update(0, texts.size());
        for (int from = 0; from < texts.size(); from += batch) {
            int to = Math.min(texts.size(), from + batch);
            List<Integer> good = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                if (failed[i] == null) {
                    good.add(i);
                }
            }
            List<LabelledText> chunk = good.stream().map(i -> texts.get(i).text()).toList();
            List<String> chunkTexts = chunk.stream().map(LabelledText::text).toList();
            // Every class of a text: one forward pass per batch for all of them (LRP), unless bad texts must be
            // told apart one by one.
            List<List<Explanation>> rows = tolerant ? everyClassOneByOne(model, chunkTexts, options, labels.size(),
                    good, failed) : chunk.isEmpty() ? List.of() : explain(model, chunk, chunkTexts, options);
            for (int i = 0; i < chunk.size(); i++) {
                if (failed[good.get(i)] != null) {
                    continue;
                }
                List<Explanation> row = rows.get(i);
                int shown = Target.resolve(target, labels, row.get(0).predicted().index());
                entries.add(new ReportEntry(row, truth[good.get(i)], shown, chunk.get(i).id()));
            }
            progress.update(to, texts.size());
        }
        List<Report.Failure> failures = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (failed[i] != null) {
                InputText t = texts.get(i);
                failures.add(new Report.Failure(i, new LineError(t.line() > 0 ? t.line() : i + 1, t.text().text(),
                        failed[i])));
            }
        }
        if (entries.isEmpty()) {
            LineError e = failures.get(0).error();
            throw new LexrayException("none of the " + texts.size() + " texts could be explained (the first, line "
                    + e.line() + ": " + e.error() + ")");
        }
        Explanation first = entries.get(0).byClass().get(0);
        return new Report("Lexray report: " + model.name(), model.name(), modelCard(modelDirectory), labels,
                first.method(), first.rule(), spec, Lexray.version(), ZonedDateTime.now(), entries, failures);
    }

    private static List<List<Explanation>> explain(LexrayModel model, List<LabelledText> chunk, List<String> texts,
            ExplainOptions options) {
        try {
            return model.explainEveryClass(texts, options);
        } catch (TextException e) {
            throw new LexrayException(where(chunk.get(e.index())) + e.reason(), e);
        } catch (LexrayException e) {
            if (chunk.size() == 1) {
                throw new LexrayException(where(chunk.get(0)) + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Per text, every class; a text that fails is marked in {@code failed} and gets a null row. */
    private static List<List<Explanation>> everyClassOneByOne(LexrayModel model, List<String> texts,
            ExplainOptions options, int classes, List<Integer> good, String[] failed) {
        List<List<Explanation>> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(new ArrayList<>(classes));
        }
        for (int k = 0; k < classes && !texts.isEmpty(); k++) {
            List<TextOutcome<Explanation>> outcomes = model.explainEach(texts, options.withTarget(new Target.Index(k)));
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof TextOutcome.Failure<Explanation> f) {
                    failed[good.get(i)] = f.error();
                    rows.get(i).add(null);
                } else if (outcomes.get(i) instanceof TextOutcome.Success<Explanation> ok) {
                    rows.get(i).add(ok.result());
                }
            }
        }
        return rows;
    }

    private static String where(LabelledText t) {
        return t.id().isEmpty() ? "" : t.id() + ": ";
    }

    /** The class index of a true label: a model label, or a class index as GLUE writes them. */
    static int trueIndex(LabelledText t, List<String> labels) {
        if (t.label() == null) {
            return -1;
        }
        int i = labels.indexOf(t.label());
        if (i >= 0) {
            return i;
        }
        if (t.label().matches("\\d{1,9}")) {
            int k = Integer.parseInt(t.label());
            if (k < labels.size()) {
                return k;
            }
        }
        throw new LexrayException(where(t) + "label '" + t.label() + "' is neither one of the model's labels "
                + labels + " nor a class index 0 to " + (labels.size() - 1));
    }

    /**
     * The first paragraph of {@code MODEL_CARD.md} in the model directory (after any front matter and headings),
     * as plain text, or null when there is none.
     */
    static String modelCard(Path directory) {
        if (directory == null) {
            return null;
        }
        Path card = directory.resolve("MODEL_CARD.md");
        if (!Files.isRegularFile(card)) {
            return null;
        }
        List<String> lines;
        try {
            lines = List.of(new String(Files.readAllBytes(card), StandardCharsets.UTF_8).split("\\R", -1));
        } catch (IOException e) {
            return null; // the card is decoration; the report does not need it
        }
        int i = 0;
        if (!lines.isEmpty() && lines.get(0).strip().equals("---")) { // YAML front matter
            i = 1;
            while (i < lines.size() && !lines.get(i).strip().equals("---")) {
                i++;
            }
            i++;
        }
        while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).stripLeading().startsWith("#")
                || lines.get(i).stripLeading().startsWith("<!--"))) {
            i++;
        }
        StringBuilder sb = new StringBuilder();
        while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).stripLeading().startsWith("#")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(lines.get(i).strip());
            i++;
        }
        if (sb.length() == 0) {
            return null;
        }
        return sb.length() > MAX_CARD_CHARS ? sb.substring(0, MAX_CARD_CHARS) + "…" : sb.toString();
    }
}
