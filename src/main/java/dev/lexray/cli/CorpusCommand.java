package dev.lexray.cli;

import dev.lexray.LexrayJson;
import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusDescriptor;
import dev.lexray.corpus.CorpusInfo;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.FileCheck;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lexray corpus}: lists the named corpora, or reads one (or a file) and prints its summary. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Summarises a corpus: records per label, excluded and malformed records.",
                "Without NAME, lists the named corpora and where the corpora folder is."})
final class CorpusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
            description = "A named corpus (sst2, davidson, ...) or a CSV/TSV/JSON Lines/text file.")
    String name;

    @Option(names = {"-s", "--split"}, paramLabel = "S", description = "The split (default: the corpus' default split).")
    String split;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "0", description = "Read at most N records (0: all).")
    long limit;

    @Option(names = "--strict", description = "Stop at the first malformed record instead of skipping it.")
    boolean strict;

    @Option(names = "--phrases", description = "SST trees: every labelled phrase, not only sentences.")
    boolean phrases;

    @Option(names = "--input-format", paramLabel = "F",
            description = "Format of a FILE: csv, tsv, jsonl, lines, or a named format such as sst-trees (default: from the extension).")
    String format;

    @Option(names = "--text-column", paramLabel = "C", description = "Text column of a CSV/TSV/JSON Lines FILE (default: text).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "C", description = "Label column of a FILE (default: label, when present).")
    String labelColumn;

    @Option(names = "--id-column", paramLabel = "C", description = "Id column of a FILE (default: file:line).")
    String idColumn;

    @Option(names = "--no-header", description = "A CSV/TSV FILE has no header line; columns are numbers from 0.")
    boolean noHeader;

    @Option(names = "--show", paramLabel = "K", defaultValue = "0", description = "Also print the first K records as JSON Lines.")
    int show;

    @Option(names = "--verify", description = "Check the corpus' files against the SHA-256 in its descriptor.")
    boolean verify;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            list(out);
            return 0;
        }
        if (verify) {
            return verify(out);
        }
        CorpusOptions options = CorpusOptions.defaults().withStrict(strict).withLimit(limit).withPhrases(phrases)
                .withFormat(format).withColumns(textColumn, labelColumn).withIdColumn(idColumn).withHeader(!noHeader);
        try (Corpus c = Corpora.open(name, split, options)) {
            CorpusInfo info = c.info();
            out.println(info.name() + (info.split() == null ? "" : " (" + info.split() + ")")
                    + (info.title().isEmpty() ? "" : ": " + info.title()));
            out.println("format: " + info.format());
            info.files().forEach(f -> out.println("file: " + f));
            int shown = 0;
            for (Iterator<LabelledText> it = c.iterator(); it.hasNext(); ) {
                LabelledText t = it.next();
                if (shown++ < show) {
                    out.println(LexrayJson.toLine(t));
                }
            }
            out.print(c.summary().describe());
            if (!info.citation().isEmpty()) {
                out.println("cite: " + info.citation());
            }
        }
        out.flush();
        return 0;
    }

    private void list(PrintWriter out) {
        out.println("corpora folder: " + Corpora.findRoot().map(Object::toString)
                .orElse("not found (set LEXRAY_CORPORA or -Dlexray.corpora)"));
        for (String n : Corpora.names()) {
            CorpusDescriptor d = Corpora.descriptor(n);
            out.println(String.format("  %-14s %s [%s]", n, d.title(), String.join(", ", d.splits().keySet())));
        }
        out.flush();
    }

    private int verify(PrintWriter out) {
        List<FileCheck> checks = Corpora.verify(name);
        checks.forEach(out::println);
        out.flush();
        long bad = checks.stream().filter(c -> !c.ok()).count();
        if (bad > 0) {
            throw new LexrayException(bad + " of " + checks.size() + " files of corpus " + name
                    + " are missing or differ from the recorded SHA-256");
        }
        return 0;
    }
}
