package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.NeuronSummary;
import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray neurons}: the hidden units most relevant per class over a corpus, with the words that drive them. */
@Command(name = "neurons", mixinStandardHelpOptions = true,
        description = {"Lists, per predicted class and layer, the hidden units of dense and recurrent layers with the "
                + "largest mean LRP relevance over a corpus, and the words that most often drive each."})
final class NeuronsCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--corpus", required = true, paramLabel = "NAME|PATH", description = "A named corpus or a file.")
    String corpus;

    @Option(names = {"-s", "--split"}, paramLabel = "S", description = "Split of a named corpus (default: its default split).")
    String split;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "0", description = "Read at most N texts (0: all).")
    long limit;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Units per class and layer (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--words", paramLabel = "K", defaultValue = "5", description = "Words per unit (default: ${DEFAULT-VALUE}).")
    int words;

    @Option(names = {"-f", "--format"}, paramLabel = "F", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    RuleOptions rules;

    @Mixin
    ComputeOptions compute;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new LexrayException("--format must be text or json, got '" + format + "'");
        }
        ExplainOptions options = compute.apply(rules.toOptions());
        String s = !Corpora.names().contains(corpus) && Files.isRegularFile(Path.of(corpus)) ? null : split;
        NeuronSummary summary;
        try (LexrayModel m = model.load();
                Corpus c = Corpora.open(corpus, s, CorpusOptions.defaults().withLimit(limit))) {
            summary = NeuronSummary.of(m, c.stream().map(LabelledText::text), options, top, words);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(LexrayJson.toLine(summary));
        } else {
            print(summary, out);
        }
        out.flush();
        return 0;
    }

    private static void print(NeuronSummary summary, PrintWriter out) {
        out.printf(Locale.ROOT, "%d texts%n", summary.texts());
        for (NeuronSummary.ClassUnits c : summary.classes()) {
            out.printf(Locale.ROOT, "%nclass %s (%d texts predicted)%n", c.label(), c.texts());
            for (NeuronSummary.LayerUnits l : c.layers()) {
                out.printf(Locale.ROOT, "  layer %s (%s)%n", l.layer(), l.kind());
                for (NeuronSummary.Unit u : l.units()) {
                    StringBuilder w = new StringBuilder();
                    for (NeuronSummary.WordCount wc : u.words()) {
                        w.append(w.length() == 0 ? "" : ", ").append(wc.word()).append(" (").append(wc.count())
                                .append(')');
                    }
                    out.printf(Locale.ROOT, "    unit %4d  relevance %+.4f  activation %+.4f  %s%n", u.index(),
                            u.meanRelevance(), u.meanActivation(), w);
                }
            }
        }
    }
}
