package dev.lexray.eval;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayException;
import dev.lexray.LexrayModel;
import dev.lexray.Logits;
import dev.lexray.ModelProbe;
import dev.lexray.Prediction;
import dev.lexray.Removal;
import dev.lexray.Target;
import dev.lexray.TextException;
import dev.lexray.TokenRelevance;
import dev.lexray.corpus.LabelledText;
import dev.lexray.corpus.Rationale;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates attribution methods on labelled texts with the standard protocols: word deletion (Arras et al. 2017),
 * AOPC comprehensiveness and sufficiency (ERASER, DeYoung et al. 2020), plausibility against human rationales
 * (ERASER's token AUPRC, token F1 and IOU F1) and the randomisation sanity check (Adebayo et al. 2018), with each
 * method's cost measured in the same run. All perturbations of a text are scored together in batches through
 * {@link ModelProbe#logitsWithout}.
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
        try (dev.lexray.corpus.Corpus c = dev.lexray.corpus.Corpora.open(nameOrPath, split,
                dev.lexray.corpus.CorpusOptions.defaults())) {
            return c.readAll().stream().filter(t -> t.label() != null).toList();
        }
    }

    /** True when {@code nameOrPath} is a corpus file rather than a corpus name. */
    public static boolean isFile(String nameOrPath) {
        return !dev.lexray.corpus.Corpora.names().contains(nameOrPath)
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(nameOrPath));
    }

    /** A text the model can score, with its true class and the model's prediction. */
    record Item(String id, String text, int truth, List<Rationale> rationales, double[] probabilities,
            int predicted) {
        boolean correct() {
            return truth == predicted;
        }
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
        int[] skipped = new int[1];
        List<Item> items = predictAll(labelled, skipped);
        if (items.isEmpty()) {
            throw new LexrayException("no text to evaluate: the model could score none of the " + texts.size()
                    + " labelled texts");
        }
        double forward = forwardSecondsPerText(items);
        int correct = (int) items.stream().filter(Item::correct).count();
        List<EvaluationResult.MethodResult> results = new ArrayList<>();
        List<Method> methods = new ArrayList<>();
        for (MethodSpec spec : config.methods()) {
            int limit = Math.min(items.size(), config.methodLimits().getOrDefault(spec.name(), items.size()));
            methods.add(new Method(spec, limit));
        }
        List<List<TokenRelevance>> words = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        for (Method m : methods) {
            explain(m, items, words);
            if (m.limit < items.size()) {
                notes.add(m.spec.name() + " was evaluated on the first " + m.limit + " of " + items.size()
                        + " texts");
            }
        }
        if (wants(Metric.DELETION) || wants(Metric.AOPC)) {
            perturb(items, methods);
        }
        if (wants(Metric.RANDOMIZATION)) {
            randomize(items, methods);
        }
        for (Method m : methods) {
            double perText = m.seconds / m.limit;
            results.add(new EvaluationResult.MethodResult(m.spec.name(), parameters(m.spec), m.limit,
                    new EvaluationResult.Cost(perText, perText / forward),
                    wants(Metric.DELETION) ? m.deletion() : null,
                    wants(Metric.AOPC) ? m.aopc(config.aopcBins()) : null,
                    wants(Metric.PLAUSIBILITY) ? plausibility(m, items, words) : null,
                    m.randomization));
        }
        if (wants(Metric.PLAUSIBILITY) && items.stream().noneMatch(i -> !i.rationales().isEmpty())) {
            notes.add("the corpus has no human rationales: plausibility was not measured");
        }
        List<String> metricNames = config.metrics().stream().sorted().map(Metric::cliName).toList();
        EvaluationResult.Settings settings = new EvaluationResult.Settings(metricNames, config.removal().cliName(),
                config.maxDeletions(), config.deletionFractions(), config.aopcBins(), config.randomizationTexts(),
                config.seed(), new java.util.TreeMap<>(config.labelMap()));
        return new EvaluationResult(EvaluationResult.FORMAT, model.name(), corpus, split, null, Lexray.version(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)),
                model.labels(), items.size(), skipped[0], (double) correct / items.size(), settings, forward,
                results, notes);
    }

    private boolean wants(Metric m) {
        return config.metrics().contains(m);
    }

    /** The method's parameters; for LRP the dense rule's (prefixed with its name) and the recurrent rule's. */
    private Map<String, Double> parameters(MethodSpec spec) {
        ExplainOptions o = spec.options();
        Map<String, Double> p = new java.util.TreeMap<>(o.method().parameters());
        if (o.method() instanceof dev.lexray.attribution.AttributionMethod.Lrp) {
            o.rule().parameters().forEach((k, v) -> p.put(o.rule().name() + "_" + k, v));
            if (model.isRecurrent()) {
                o.recurrent().parameters().forEach((k, v) -> p.put("recurrent_" + k, v));
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------- texts

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

    private List<Item> predictAll(List<LabelledText> texts, int[] skipped) {
        List<Item> items = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += 256) {
            List<LabelledText> part = new ArrayList<>(texts.subList(from, Math.min(texts.size(), from + 256)));
            while (!part.isEmpty()) {
                try {
                    List<Prediction> ps = model.predict(part.stream().map(LabelledText::text).toList());
                    for (int i = 0; i < ps.size(); i++) {
                        LabelledText t = part.get(i);
                        items.add(new Item(t.id(), t.text(), model.labels().indexOf(t.label()), t.rationales(),
                                ps.get(i).probabilities(), ps.get(i).predicted().index()));
                    }
                    break;
                } catch (TextException e) {
                    part.remove(e.index());
                    skipped[0]++;
                } catch (LexrayException e) {
                    if (part.size() != 1) {
                        throw e;
                    }
                    skipped[0]++; // the only text cannot be encoded
                    break;
                }
            }
            progress.update(Math.min(texts.size(), from + 256));
        }
        return items;
    }

    /** Seconds per text of a plain forward pass (prediction) over the items, after a warm-up. */
    private double forwardSecondsPerText(List<Item> items) {
        List<String> texts = items.stream().map(Item::text).toList();
        model.predict(texts.subList(0, Math.min(8, texts.size())));
        long start = System.nanoTime();
        model.predict(texts);
        return (System.nanoTime() - start) / 1e9 / texts.size();
    }

    // ------------------------------------------------------------------------------------------- explanations

    /** Per method: relevance of the true and of the predicted class, and what the metrics accumulate. */
    private final class Method {
        final MethodSpec spec;
        final int limit;
        double[][] truthRelevance;
        double[][] predictedRelevance;
        double seconds;
        // deletion: [k] hits over correct / misclassified texts, by counts and by fractions
        int correctTexts;
        int wrongTexts;
        final double[] correctHits = new double[config.maxDeletions() + 1];
        final double[] wrongHits = new double[config.maxDeletions() + 1];
        final double[] correctFractionHits = new double[config.deletionFractions().length + 1];
        final double[] wrongFractionHits = new double[config.deletionFractions().length + 1];
        // AOPC: sums over texts of the predicted class' probability, [0] unperturbed, [b + 1] bin b
        int aopcTexts;
        final double[] morf = new double[config.aopcBins().length + 1];
        final double[] lerf = new double[config.aopcBins().length + 1];
        final double[] kept = new double[config.aopcBins().length + 1];
        EvaluationResult.Randomization randomization;

        Method(MethodSpec spec, int limit) {
            this.spec = spec;
            this.limit = limit;
        }

        EvaluationResult.Deletion deletion() {
            double[] counts = new double[config.maxDeletions() + 1];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = k;
            }
            double[] fractions = new double[config.deletionFractions().length + 1];
            System.arraycopy(config.deletionFractions(), 0, fractions, 1, fractions.length - 1);
            return new EvaluationResult.Deletion(curve(correctTexts, counts, correctHits),
                    curve(wrongTexts, counts, wrongHits), curve(correctTexts, fractions, correctFractionHits),
                    curve(wrongTexts, fractions, wrongFractionHits));
        }

        EvaluationResult.Aopc aopc(double[] bins) {
            if (aopcTexts == 0) {
                return null;
            }
            int n = bins.length;
            double[] m = scale(morf, aopcTexts);
            double[] l = scale(lerf, aopcTexts);
            double[] s = scale(kept, aopcTexts);
            double comp = 0;
            double suff = 0;
            double lcomp = 0;
            for (int b = 1; b <= n; b++) {
                comp += (m[0] - m[b]) / n;
                suff += (s[0] - s[b]) / n;
                lcomp += (l[0] - l[b]) / n;
            }
            return new EvaluationResult.Aopc(aopcTexts, bins.clone(), comp, suff, lcomp, comp - lcomp, m, l, s);
        }
    }

    private static EvaluationResult.Curve curve(int texts, double[] x, double[] hits) {
        return texts == 0 ? null : new EvaluationResult.Curve(texts, x.clone(), scale(hits, texts));
    }

    private static double[] scale(double[] sums, int n) {
        return Arrays.stream(sums).map(v -> v / n).toArray();
    }

    private void explain(Method m, List<Item> items, List<List<TokenRelevance>> words) {
        List<Item> mine = items.subList(0, m.limit);
        // Warm-up (not timed): the first call of a method pays for class loading and the engine's first kernels.
        classExplanations(model, m.spec, mine.subList(0, Math.min(4, mine.size())), Item::truth, null, false);
        progress.stage(m.spec.name() + ": explaining the true class", mine.size());
        long start = System.nanoTime();
        m.truthRelevance = classExplanations(model, m.spec, mine, Item::truth, words, true);
        m.seconds = (System.nanoTime() - start) / 1e9;
        int tied = 0;
        int longer = 0;
        for (double[] r : m.truthRelevance) {
            if (r.length > 1) {
                longer++;
                tied += Arrays.stream(r).distinct().count() == 1 ? 1 : 0;
            }
        }
        if (tied * 2 > longer) {
            notes.add(String.format(Locale.ROOT, "%s gave every word of a text the same relevance in %d of %d texts: "
                    + "ties are ranked in text order for deletion and AOPC, and AUPRC scores a tie as (1 + share of "
                    + "marked words) / 2 (average precision does not reward it)", m.spec.name(), tied, longer));
        }
        m.predictedRelevance = m.truthRelevance.clone();
        if (wants(Metric.AOPC)) {
            List<Item> wrong = mine.stream().filter(i -> !i.correct()).toList();
            if (!wrong.isEmpty()) {
                progress.stage(m.spec.name() + ": explaining the predicted class of misclassified texts",
                        wrong.size());
                double[][] r = classExplanations(model, m.spec, wrong, Item::predicted, null, true);
                Map<Item, double[]> byItem = new java.util.IdentityHashMap<>();
                for (int j = 0; j < wrong.size(); j++) {
                    byItem.put(wrong.get(j), r[j]);
                }
                for (int i = 0; i < mine.size(); i++) {
                    double[] p = byItem.get(mine.get(i));
                    if (p != null) {
                        m.predictedRelevance[i] = p;
                    }
                }
            }
        }
    }

    /**
     * Word relevance of each item for the class {@code target} picks, explained class by class in batches; records
     * the words of each item into {@code words} (when given) as the explanations report them.
     */
    private double[][] classExplanations(LexrayModel on, MethodSpec spec, List<Item> items,
            java.util.function.ToIntFunction<Item> target, List<List<TokenRelevance>> words, boolean report) {
        double[][] out = new double[items.size()][];
        Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            byClass.computeIfAbsent(target.applyAsInt(items.get(i)), c -> new ArrayList<>()).add(i);
        }
        int done = 0;
        int chunk = Math.max(1, spec.options().batchSize()) * 4;
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            ExplainOptions o = spec.options().withTarget(new Target.Index(e.getKey()));
            List<Integer> idx = e.getValue();
            for (int from = 0; from < idx.size(); from += chunk) {
                List<Integer> part = idx.subList(from, Math.min(idx.size(), from + chunk));
                List<Explanation> ex = on.explain(part.stream().map(i -> items.get(i).text()).toList(), o);
                for (int j = 0; j < part.size(); j++) {
                    out[part.get(j)] = ex.get(j).relevances();
                    if (words != null && words.get(part.get(j)) == null) {
                        words.set(part.get(j), ex.get(j).tokens());
                    }
                }
                done += part.size();
                if (report) {
                    progress.update(done);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- perturbation

    /** Scores every deletion and AOPC variant of each text, all methods together, and accumulates the curves. */
    private void perturb(List<Item> items, List<Method> methods) {
        int reach = methods.stream().mapToInt(m -> m.limit).max().orElse(0);
        progress.stage("scoring perturbed texts (" + config.removal().cliName() + ")", reach);
        double[] fractions = config.deletionFractions();
        double[] bins = config.aopcBins();
        for (int i = 0; i < reach; i++) {
            Item item = items.get(i);
            Variants v = new Variants();
            int[][] deletion = new int[methods.size()][];
            int[][] deletionFraction = new int[methods.size()][];
            int[][][] aopc = new int[methods.size()][][];
            for (int mi = 0; mi < methods.size(); mi++) {
                Method m = methods.get(mi);
                if (i >= m.limit) {
                    continue;
                }
                if (wants(Metric.DELETION)) {
                    double[] r = m.truthRelevance[i];
                    int[] order = Rankings.order(r, item.correct());
                    deletion[mi] = new int[config.maxDeletions() + 1];
                    for (int k = 1; k <= config.maxDeletions(); k++) {
                        deletion[mi][k] = v.add(Rankings.first(order, k));
                    }
                    deletionFraction[mi] = new int[fractions.length + 1];
                    for (int f = 0; f < fractions.length; f++) {
                        deletionFraction[mi][f + 1] = v.add(Rankings.first(order,
                                Rankings.count(fractions[f], r.length)));
                    }
                }
                if (wants(Metric.AOPC)) {
                    double[] r = m.predictedRelevance[i];
                    int[] most = Rankings.order(r, true);
                    int[] least = Rankings.order(r, false);
                    aopc[mi] = new int[3][bins.length + 1];
                    for (int b = 0; b < bins.length; b++) {
                        int k = Rankings.count(bins[b], r.length);
                        aopc[mi][0][b + 1] = v.add(Rankings.first(most, k));
                        aopc[mi][1][b + 1] = v.add(Rankings.first(least, k));
                        aopc[mi][2][b + 1] = v.add(Rankings.not(Rankings.first(most, k)));
                    }
                }
            }
            double[][] logits = v.masks.isEmpty() ? new double[0][]
                    : ModelProbe.of(model).logitsWithout(item.text(), v.masks, config.removal());
            for (int mi = 0; mi < methods.size(); mi++) {
                Method m = methods.get(mi);
                if (i >= m.limit) {
                    continue;
                }
                if (deletion[mi] != null) {
                    double[] hits = item.correct() ? m.correctHits : m.wrongHits;
                    double[] fractionHits = item.correct() ? m.correctFractionHits : m.wrongFractionHits;
                    if (item.correct()) {
                        m.correctTexts++;
                    } else {
                        m.wrongTexts++;
                    }
                    hits[0] += item.correct() ? 1 : 0;
                    fractionHits[0] += item.correct() ? 1 : 0;
                    for (int k = 1; k < deletion[mi].length; k++) {
                        hits[k] += Logits.argmax(logits[deletion[mi][k]]) == item.truth() ? 1 : 0;
                    }
                    for (int f = 1; f < deletionFraction[mi].length; f++) {
                        fractionHits[f] += Logits.argmax(logits[deletionFraction[mi][f]]) == item.truth() ? 1 : 0;
                    }
                }
                if (aopc[mi] != null) {
                    int c = item.predicted();
                    double p0 = item.probabilities()[c];
                    m.aopcTexts++;
                    m.morf[0] += p0;
                    m.lerf[0] += p0;
                    m.kept[0] += p0;
                    for (int b = 1; b <= bins.length; b++) {
                        m.morf[b] += Logits.softmax(logits[aopc[mi][0][b]])[c];
                        m.lerf[b] += Logits.softmax(logits[aopc[mi][1][b]])[c];
                        m.kept[b] += Logits.softmax(logits[aopc[mi][2][b]])[c];
                    }
                }
            }
            progress.update(i + 1);
        }
    }

    /** Distinct removal masks of one text (methods and bins often ask for the same one). */
    private static final class Variants {
        final List<boolean[]> masks = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        int add(boolean[] mask) {
            StringBuilder key = new StringBuilder(mask.length);
            for (boolean b : mask) {
                key.append(b ? '1' : '0');
            }
            return index.computeIfAbsent(key.toString(), k -> {
                masks.add(mask);
                return masks.size() - 1;
            });
        }
    }

    // ------------------------------------------------------------------------------------------- plausibility

    private EvaluationResult.PlausibilityResult plausibility(Method m, List<Item> items,
            List<List<TokenRelevance>> words) {
        int n = 0;
        double auprc = 0;
        double ap = 0;
        double tokenF1 = 0;
        double iouP = 0;
        double iouR = 0;
        for (int i = 0; i < m.limit; i++) {
            Item item = items.get(i);
            if (item.rationales().isEmpty()) {
                continue;
            }
            List<TokenRelevance> w = words.get(i);
            boolean[] truth = Plausibility.marked(w, item.rationales());
            Plausibility.Scores s = Plausibility.score(truth, Plausibility.spans(w, item.rationales()),
                    m.truthRelevance[i]);
            if (s == null) {
                continue;
            }
            n++;
            auprc += s.auprc();
            ap += s.averagePrecision();
            tokenF1 += s.tokenF1();
            iouP += s.iouPrecision();
            iouR += s.iouRecall();
        }
        if (n == 0) {
            return null;
        }
        return new EvaluationResult.PlausibilityResult(n, auprc / n, ap / n, tokenF1 / n,
                Plausibility.f1(iouP / n, iouR / n), iouP / n, iouR / n);
    }

    // ------------------------------------------------------------------------------------------- randomisation

    private void randomize(List<Item> items, List<Method> methods) {
        List<String> layers = new ArrayList<>(ModelProbe.of(model).weightedLayers());
        java.util.Collections.reverse(layers); // top (classifier) first
        Map<Method, List<EvaluationResult.Stage>> stages = new LinkedHashMap<>();
        Map<Method, Integer> counts = new LinkedHashMap<>();
        for (Method m : methods) {
            stages.put(m, new ArrayList<>());
            counts.put(m, Math.min(m.limit, config.randomizationTexts()));
        }
        int total = methods.stream().mapToInt(counts::get).sum() * layers.size();
        progress.stage("randomisation: explaining " + layers.size() + " cascades of randomised layers", total);
        int done = 0;
        for (int s = 1; s <= layers.size(); s++) {
            List<String> randomized = layers.subList(0, s);
            try (LexrayModel random = ModelProbe.of(model).withRandomizedLayers(randomized, config.seed())) {
                for (Method m : methods) {
                    int n = counts.get(m);
                    if (n == 0) {
                        continue;
                    }
                    double[][] r = classExplanations(random, m.spec, items.subList(0, n), Item::truth, null, false);
                    double signed = 0;
                    double abs = 0;
                    int defined = 0;
                    int definedAbs = 0;
                    for (int i = 0; i < n; i++) {
                        double c = Rankings.spearman(m.truthRelevance[i], r[i]);
                        double a = Rankings.spearman(Rankings.abs(m.truthRelevance[i]), Rankings.abs(r[i]));
                        if (!Double.isNaN(c)) {
                            signed += c;
                            defined++;
                        }
                        if (!Double.isNaN(a)) {
                            abs += a;
                            definedAbs++;
                        }
                    }
                    stages.get(m).add(new EvaluationResult.Stage(layers.get(s - 1), List.copyOf(randomized),
                            defined == 0 ? null : signed / defined, definedAbs == 0 ? null : abs / definedAbs,
                            defined));
                    done += n;
                    progress.update(done);
                }
            }
        }
        for (Method m : methods) {
            List<EvaluationResult.Stage> st = stages.get(m);
            if (st.isEmpty()) {
                continue;
            }
            EvaluationResult.Stage last = st.get(st.size() - 1);
            boolean flagged = (last.spearman() != null && last.spearman() >= Config.UNCHANGED)
                    || (last.spearmanAbs() != null && last.spearmanAbs() >= Config.UNCHANGED);
            m.randomization = new EvaluationResult.Randomization(counts.get(m), st, flagged);
            if (st.stream().allMatch(x -> x.spearman() == null)) {
                notes.add(m.spec.name() + ": its relevance was the same for every word of a text, so no rank "
                        + "correlation is defined (as for the gradient of a model that mean-pools its word embeddings)");
            }
        }
    }
}
