package dev.lexray.cli;

import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.audit.AuditMarkdown;
import dev.lexray.audit.AuditReport;
import dev.lexray.audit.Auditor;
import dev.lexray.corpus.BiasMadlibs;
import dev.lexray.corpus.IdentityTerms;
import dev.lexray.io.AtomicFiles;
import dev.lexray.report.AuditPage;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray audit}: bias and fairness audit of a toxicity classifier; writes audit.json, audit.md, audit.html. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Bias audit of a toxicity classifier: (1) HateXplain's group metrics (Subgroup, BPSN, BNSP AUC"
                + " per community, generalised means with p = -5), (2) Dixon et al.'s per-term madlibs figures and a"
                + " counterfactual term-swap test, (3) LRP relevance on identity terms.",
            "Writes DIR/audit.json, DIR/audit.md and a self-contained DIR/audit.html."})
final class AuditCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--corpus", defaultValue = "hatexplain", paramLabel = "NAME",
            description = "The corpus to audit on (default: ${DEFAULT-VALUE}; group metrics need hatexplain).")
    String corpus;

    @Option(names = "--split", defaultValue = "test", paramLabel = "S", description = "Its split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--terms", paramLabel = "FILE",
            description = "Identity terms: [category] lines each followed by its terms (default: Dixon et al.'s 50"
                    + " terms in six categories).")
    Path terms;

    @Option(names = "--toxic", split = ",", paramLabel = "LABELS",
            description = "The model's toxic classes, comma-separated (default: every class except neither, NOT or"
                    + " normal).")
    List<String> toxic;

    @Option(names = "--madlibs", paramLabel = "FILE|none",
            description = "Dixon et al.'s bias_madlibs_77k.csv (default: under the corpora folder); none to skip.")
    String madlibs;

    @Option(names = "--no-explain", description = "Skip part 3 (the LRP relevance on identity terms).")
    boolean noExplain;

    @Option(names = "--largest", defaultValue = "10", paramLabel = "N",
            description = "Swaps and false-positive cards to show (default: ${DEFAULT-VALUE}).")
    int largest;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The directory to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (largest < 1) {
            throw new LexrayException("--largest must be at least 1, not " + largest);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new LexrayException("--out " + out + " is a file: name a directory for audit.json, audit.md and"
                    + " audit.html");
        }
        IdentityTerms identity = terms == null ? IdentityTerms.defaults() : IdentityTerms.read(terms);
        String termsSource = terms == null ? "Dixon et al. 2018 (50 terms, default)" : terms.toString();
        Path madlibsFile = "none".equals(madlibs) ? null
                : madlibs == null ? BiasMadlibs.defaultFile() : Path.of(madlibs);
        PrintWriter err = LexrayCommand.notes(spec);
        AuditReport report;
        try (LexrayModel m = model.load()) {
            report = new Auditor(m, toxic, s -> {
                err.println("lexray: " + s);
                err.flush();
            }).run(new Auditor.Options(corpus, split, identity, termsSource, madlibsFile, largest, !noExplain));
        }
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new LexrayException("cannot create --out " + out + ": " + e.getMessage());
        }
        String json;
        try {
            json = LexrayJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the audit", e);
        }
        AtomicFiles.write(out.resolve("audit.json"), json);
        AtomicFiles.write(out.resolve("audit.md"), AuditMarkdown.render(report));
        AtomicFiles.write(out.resolve("audit.html"), AuditPage.render(report));
        err.println("lexray: wrote " + out.resolve("audit.json") + ", audit.md and audit.html");
        return 0;
    }
}
