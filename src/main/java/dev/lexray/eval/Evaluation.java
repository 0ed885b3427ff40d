package dev.lexray.eval;

import dev.lexray.ExplainOptions;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.TokenRelevance;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates attribution methods on labelled texts with the standard protocols: word deletion (Arras et al. 2017,
 * {@link DeletionCurves}), AOPC comprehensiveness and sufficiency (ERASER, DeYoung et al. 2020, {@link AopcCurves}),
 * plausibility against human rationales ({@link Plausibility}) and the randomisation sanity check (Adebayo et al.
 * 2018, {@link RandomisationCheck}), with each method's cost measured in the same run. This class orchestrates:
 * it predicts the texts, has each method explain them once, and hands the relevance to each metric.
 */
public final class Evaluation {
    /** What to measure. */
    public enum Metric {
        DELETION, AOPC, PLAUSIBILITY, RANDOMIZATION;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Metric parse(String s) {
            for (Metric m : values()) {
                if (m.cliName().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new LexrayException("unknown metric '" + s + "': use deletion, aopc, plausibility or randomization");
        }
    }

    /** An attribution method under a name, with the options it explains with (its target is set per text). */
    public record MethodSpec(String name, ExplainOptions options) {}

    /** Reports progress: a stage with its number of steps, then steps done. */
    public interface Progress {
        void stage(String description, int total);

        void update(int done);

        static Progress none() {
            return new Progress() {
                public void stage(String description, int total) {}

                public void update(int done) {}
            };
        }
    }

    /**
     * @param methodLimits a method name to the number of texts (the first ones) it is evaluated on, for costly
     *                     methods
     * @param labelMap     corpus labels to model labels; a label mapped to the empty string drops its texts
     */
    public record Config(List<MethodSpec> methods, Set<Metric> metrics, Removal removal, int maxDeletions,
            double[] deletionFractions, double[] aopcBins, int randomizationTexts, long seed,
            Map<String, Integer> methodLimits, Map<String, String> labelMap, int limit) {
        public static final double[] DEFAULT_FRACTIONS = {0.1, 0.2, 0.3, 0.4, 0.5};
        public static final double[] DEFAULT_BINS = {0.01, 0.05, 0.1, 0.2, 0.5};
        /** Mean correlation at or above which a method's explanations count as unchanged by randomisation. */
        public static final double UNCHANGED = 0.5;

        public Config {
            methods = List.copyOf(methods);
            metrics = Set.copyOf(metrics);
            methodLimits = Map.copyOf(methodLimits);
            labelMap = Map.copyOf(labelMap);
            if (methods.isEmpty()) {
                throw new LexrayException("no method to evaluate");
            }
            if (limit < 0) {
                throw new LexrayException("the limit must be 0 (all texts) or more");
            }
            if (maxDeletions < 1) {
                throw new LexrayException("the number of deletions must be at least 1");
            }
            for (double f : deletionFractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new LexrayException("deletion fractions lie in (0, 1], got " + f);
                }
            }
            for (double b : aopcBins) {
                if (!(b > 0 && b <= 1)) {
                    throw new LexrayException("AOPC bins lie in (0, 1], got " + b);
                }
            }
        }

        /** Every metric, zeroed embeddings, 5 deletions, the standard fractions and bins, 100 texts for
         * randomisation, seed 0. */
        public static Config defaults(List<MethodSpec> methods) {
            return new Config(methods, EnumSet.allOf(Metric.class), Removal.ZERO_EMBEDDING, 5, DEFAULT_FRACTIONS,
                    DEFAULT_BINS, 100, 0, Map.of(), Map.of(), 0);
        }

        public Config withMetrics(Set<Metric> m) {
            return new Config(methods, m, removal, maxDeletions, deletionFractions, aopcBins, randomizationTexts,
                    seed, methodLimits, labelMap, limit);
        }

        public Config withRemoval(Removal r) {
            return new Config(methods, metrics, r, maxDeletions, deletionFractions, aopcBins, randomizationTexts,
                    seed, methodLimits, labelMap, limit);
        }

        public Config withRandomizationTexts(int n) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, aopcBins, n, seed,
                    methodLimits, labelMap, limit);
        }

        public Config withAopcBins(double[] bins) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, bins, randomizationTexts,
                    seed, methodLimits, labelMap, limit);
        }

        public Config withMethodLimits(Map<String, Integer> limits) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, aopcBins,
                    randomizationTexts, seed, limits, labelMap, limit);
        }

        public Config withLabelMap(Map<String, String> map) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, aopcBins,
                    randomizationTexts, seed, methodLimits, map, limit);
        }

        /** Evaluate only the first {@code n} labelled texts (after label mapping); 0 for all. */
        public Config withLimit(int n) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, aopcBins,
                    randomizationTexts, seed, methodLimits, labelMap, n);
        }

        public Config withMaxDeletions(int n) {
            return new Config(methods, metrics, removal, n, deletionFractions, aopcBins, randomizationTexts, seed,
                    methodLimits, labelMap, limit);
        }

        public Config withSeed(long s) {
            return new Config(methods, metrics, removal, maxDeletions, deletionFractions, aopcBins,
                    randomizationTexts, s, methodLimits, labelMap, limit);
        }
    }

    /**
     * The labelled records of a named corpus split, or of a corpus file (which has no splits: {@code split} is then
     * ignored), with their rationales.
     */
    public static List<LabelledText> readCorpus(String nameOrPath, String split) {
        if (isFile(nameOrPath)) {
            split = null;
        }
        try (Corpus c = Corpora.open(nameOrPath, split, CorpusOptions.defaults())) {
            return c.readAll().stream().filter(t -> t.label() != null).toList();
        }
    }

    /** True when {@code nameOrPath} is a corpus file rather than a corpus name. */
    public static boolean isFile(String nameOrPath) {
        return !Corpora.names().contains(nameOrPath) && Files.isRegularFile(Path.of(nameOrPath));
    }

    private final LexrayModel model;
    private final Config config;
    private final Progress progress;
    private final List<String> notes = new ArrayList<>();

    private Evaluation(LexrayModel model, Config config, Progress progress) {
        this.model = model;
        this.config = config;
        this.progress = progress;
    }

    /**
     * Runs the evaluation on the labelled texts (texts without a label are left out, and texts the model cannot
     * encode are counted as skipped).
     *
     * @param corpus the corpus name and split, for the record only
     */
    public static EvaluationResult run(LexrayModel model, String corpus, String split, List<LabelledText> texts,
            Config config, Progress progress) {
        return new Evaluation(model, config, progress).run(corpus, split, texts);
    }

    private EvaluationResult run(String corpus, String split, List<LabelledText> texts) {
        List<LabelledText> labelled = mapLabels(texts);
        progress.stage("predicting", labelled.size());
        List<Item> items = new ArrayList<>();
        int skipped = Predictions.predict(model, labelled, LabelledText::text, (t, p) -> items.add(new Item(t.id(),
                t.text(), model.labels().indexOf(t.label()), t.rationales(), p.probabilities(),
                p.predicted().index())), progress::update);
        if (items.isEmpty()) {
            throw new LexrayException("no text to evaluate: the model could score none of the " + texts.size()
                    + " labelled texts");
        }
        double forward = forwardSecondsPerText(items);
        int correct = (int) items.stream().filter(Item::correct).count();
        Explainer explainer = new Explainer(model, progress);
        ModelProbe probe = ModelProbe.of(model);
        List<ExplainedMethod> methods = new ArrayList<>();
        List<List<TokenRelevance>> words = new ArrayList<>(Collections.nCopies(items.size(), null));
        for (MethodSpec spec : config.methods()) {
            int limit = Math.min(items.size(), config.methodLimits().getOrDefault(spec.name(), items.size()));
            methods.add(explainer.explain(spec, limit, items, words, wants(Metric.AOPC), notes));
            if (limit < items.size()) {
                notes.add(spec.name() + " was evaluated on the first " + limit + " of " + items.size() + " texts");
            }
        }
        if (wants(Metric.DELETION) || wants(Metric.AOPC)) {
            for (ExplainedMethod m : methods) {
                m.deletion = wants(Metric.DELETION)
                        ? new DeletionCurves(config.maxDeletions(), config.deletionFractions()) : null;
                m.aopc = wants(Metric.AOPC) ? new AopcCurves(config.aopcBins()) : null;
            }
            Perturbations.score(probe, config.removal(), items, methods, progress);
        }
        Map<ExplainedMethod, EvaluationResult.Randomization> randomization = wants(Metric.RANDOMIZATION)
                ? RandomisationCheck.run(probe, explainer, items, methods,
                        config.randomizationTexts(), config.seed(), progress, notes)
                : new HashMap<>();
        List<EvaluationResult.MethodResult> results = new ArrayList<>();
        for (ExplainedMethod m : methods) {
            double perText = m.seconds / m.limit;
            results.add(new EvaluationResult.MethodResult(m.spec.name(), parameters(m.spec), m.limit,
                    new EvaluationResult.Cost(perText, perText / forward),
                    m.deletion != null ? m.deletion.result() : null,
                    m.aopc != null ? m.aopc.result() : null,
                    wants(Metric.PLAUSIBILITY) ? Plausibility.mean(items, words, m.truthRelevance, m.limit) : null,
                    randomization.get(m)));
        }
        if (wants(Metric.PLAUSIBILITY) && items.stream().noneMatch(i -> !i.rationales().isEmpty())) {
            notes.add("the corpus has no human rationales: plausibility was not measured");
        }
        List<String> metricNames = config.metrics().stream().sorted().map(Metric::cliName).toList();
        EvaluationResult.Settings settings = new EvaluationResult.Settings(metricNames, config.removal().cliName(),
                config.maxDeletions(), config.deletionFractions(), config.aopcBins(), config.randomizationTexts(),
                config.seed(), new TreeMap<>(config.labelMap()));
        return new EvaluationResult(EvaluationResult.FORMAT, model.name(), corpus, split, null, Lexray.version(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)),
                model.labels(), items.size(), skipped, (double) correct / items.size(), settings, forward,
                results, notes);
    }

    private boolean wants(Metric m) {
        return config.metrics().contains(m);
    }

    /** The method's parameters; for LRP the dense rule's (prefixed with its name) and the recurrent rule's. */
    private Map<String, Object> parameters(MethodSpec spec) {
        ExplainOptions o = spec.options();
        Map<String, Object> p = new TreeMap<>(o.method().parameters());
        if (o.method() instanceof AttributionMethod.Lrp) {
            o.rule().parameters().forEach((k, v) -> p.put(o.rule().name() + "_" + k, v));
            if (model.isRecurrent()) {
                o.recurrent().parameters().forEach((k, v) -> p.put("recurrent_" + k, v));
            }
        }
        return p;
    }

    private List<LabelledText> mapLabels(List<LabelledText> texts) {
        List<LabelledText> out = new ArrayList<>();
        List<String> labels = model.labels();
        for (LabelledText t : texts) {
            if (t.label() == null || t.text().isBlank()) {
                continue;
            }
            String label = config.labelMap().getOrDefault(t.label(), t.label());
            if (label.isEmpty()) {
                continue; // mapped away
            }
            if (!labels.contains(label)) {
                throw new LexrayException("the corpus label '" + t.label() + "' is not one of the model's labels "
                        + labels + ": map it with --label-map '" + t.label() + "=LABEL' (or '" + t.label()
                        + "=' to leave those texts out)");
            }
            out.add(t.withLabel(label));
            if (config.limit() > 0 && out.size() == config.limit()) {
                break;
            }
        }
        return out;
    }

    /** Seconds per text of a plain forward pass (prediction) over the items, after a warm-up. */
    private double forwardSecondsPerText(List<Item> items) {
        List<String> texts = items.stream().map(Item::text).toList();
        model.predict(texts.subList(0, Math.min(8, texts.size())));
        long start = System.nanoTime();
        model.predict(texts);
        return (System.nanoTime() - start) / 1e9 / texts.size();
    }
}
