package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.LexrayModel;
import dev.lexray.Removal;
import dev.lexray.eval.Evaluation;
import dev.lexray.eval.EvaluationReport;
import dev.lexray.eval.EvaluationResult;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lexray evaluate}: faithfulness, plausibility, sanity and cost of attribution methods on a labelled corpus.
 * Parses, runs {@link Evaluation}, writes the files and prints the Markdown summary.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates attribution methods on a labelled corpus: word deletion (Arras et al. 2017), AOPC "
                + "comprehensiveness and sufficiency (ERASER), plausibility against human rationales, the "
                + "randomisation sanity check (Adebayo et al. 2018) and cost.",
            "Writes evaluation.json, evaluation.md and evaluation.html into --out and prints the Markdown; progress "
                    + "goes to standard error."})
final class EvaluateCommand implements Callable<Integer> {
    static final String ALL_METHODS = "lrp,gradient,gradient-x-input,integrated-gradients,occlusion,lime,random";

    @Mixin
    ModelOption model;

    @Option(names = "--corpus", required = true, paramLabel = "NAME|PATH", description = "A named corpus or a file.")
    String corpus;

    @Option(names = "--split", defaultValue = "test", paramLabel = "S",
            description = "Split of a named corpus (default: ${DEFAULT-VALUE}); a file has none.")
    String split;

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = ALL_METHODS,
            description = "Methods to compare (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--metrics", split = ",", paramLabel = "M", defaultValue = "deletion,aopc,plausibility,randomization",
            description = "Metrics (default: ${DEFAULT-VALUE}); the cost is always measured.")
    List<String> metrics;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Evaluate the first N labelled texts only (default: all).")
    int limit;

    @Option(names = "--method-limit", paramLabel = "METHOD=N",
            description = "Evaluate a costly method on the first N texts only, e.g. lime=100 (repeatable).")
    Map<String, Integer> methodLimits = new LinkedHashMap<>();

    @Option(names = "--removal", paramLabel = "R", defaultValue = "zero",
            description = "How deletion and AOPC remove words: zero (their embeddings), unk, pad or delete "
                    + "(default: ${DEFAULT-VALUE}).")
    String removal;

    @Option(names = "--max-deletions", paramLabel = "N", defaultValue = "5",
            description = "Word deletion steps (default: ${DEFAULT-VALUE}).")
    int maxDeletions;

    @Option(names = "--randomization-texts", paramLabel = "N", defaultValue = "100",
            description = "Texts for the randomisation check, the first ones (default: ${DEFAULT-VALUE}).")
    int randomizationTexts;

    @Option(names = "--label-map", split = ",", paramLabel = "CORPUS=MODEL",
            description = "Map corpus labels to the model's, e.g. normal=neither; CORPUS= leaves those texts out.")
    List<String> labelMap = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path out;


    @Mixin
    RuleOptions rules;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--method")) {
            throw new LexrayException("evaluate compares several methods: use --methods (comma-separated)");
        }
        EnumSet<Evaluation.Metric> wanted = EnumSet.noneOf(Evaluation.Metric.class);
        metrics.forEach(m -> wanted.add(Evaluation.Metric.parse(m)));
        List<Evaluation.MethodSpec> specs = new ArrayList<>();
        for (String name : methods) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (specs.stream().anyMatch(s -> s.name().equals(n))) {
                continue;
            }
            rules.method = n;
            ExplainOptions o = rules.toOptions();
            specs.add(new Evaluation.MethodSpec(o.method().name(), o));
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : methodLimits.entrySet()) {
            rules.method = e.getKey().strip().toLowerCase(Locale.ROOT);
            String m = rules.toOptions().method().name(); // the canonical name of an alias (ig, gxi, saliency)
            if (specs.stream().noneMatch(s -> s.name().equals(m))) {
                throw new LexrayException("--method-limit names '" + e.getKey() + "', which is not in --methods");
            }
            if (e.getValue() < 1) {
                throw new LexrayException("--method-limit " + e.getKey() + " needs at least 1 text");
            }
            limits.put(m, e.getValue());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : labelMap) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new LexrayException("--label-map needs CORPUS=MODEL, got '" + pair + "'");
            }
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Evaluation.Config config = Evaluation.Config.defaults(specs).withMetrics(wanted)
                .withRemoval(Removal.parse(removal)).withMaxDeletions(maxDeletions).withLimit(limit)
                .withRandomizationTexts(randomizationTexts).withMethodLimits(limits).withLabelMap(map)
                .withSeed(rules.seed);
        // Progress and file notes go through the command line's --quiet (inherited from `lexray`).
        boolean quiet = LexrayCommand.verbosity(spec) == LexrayCommand.Verbosity.QUIET;
        PrintWriter err = spec.commandLine().getErr();
        var texts = Evaluation.readCorpus(corpus, split);
        EvaluationResult result;
        try (LexrayModel m = model.load()) {
            result = Evaluation.run(m, corpus, Evaluation.isFile(corpus) ? "all" : split, texts, config,
                    new StageProgress(err, !quiet));
        }
        result = result.withCommand(commandLine());
        List<Path> files = EvaluationReport.write(result, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(EvaluationReport.markdown(result));
        stdout.flush();
        if (!quiet) {
            files.forEach(f -> err.println("lexray: wrote " + f));
            err.flush();
        }
        return 0;
    }

    /** The command as typed, for the record (arguments quoted for a POSIX shell where needed). */
    private String commandLine() {
        StringBuilder sb = new StringBuilder("lexray"); // the arguments start with the command's name
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Progress lines on standard error: each stage as it starts, then at most one line every 10 seconds. */
    static final class StageProgress implements Evaluation.Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private final long start = System.nanoTime();
        private String stage = "";
        private int total;
        private long stageStart;
        private long last;

        StageProgress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void stage(String description, int total) {
            this.stage = description;
            this.total = total;
            this.stageStart = System.nanoTime();
            this.last = stageStart;
            if (enabled) {
                err.printf(Locale.ROOT, "lexray: [%s] %s (%d)%n", ProgressLine.duration((stageStart - start) / 1e9),
                        description, total);
                err.flush();
            }
        }

        @Override
        public void update(int done) {
            long now = System.nanoTime();
            if (!enabled || now - last < ProgressLine.LOG_EVERY_NANOS || done >= total) {
                return;
            }
            last = now;
            double s = (now - stageStart) / 1e9;
            double rate = s > 0 ? done / s : 0;
            err.printf(Locale.ROOT, "lexray:   %s: %d/%d, %s left%n", stage, done, total,
                    rate > 0 && done * 20 >= total ? ProgressLine.duration((total - done) / rate) : "?");
            err.flush();
        }
    }
}
