package dev.lexray.audit;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.TextOutcome;
import dev.lexray.corpus.BiasMadlibs;
import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.HateXplainAnnotations;
import dev.lexray.corpus.IdentityTerms;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the three parts of the audit on a loaded model through the public API (predict, explain): reads the corpus
 * (HateXplain with its annotators' targets, or any labelled corpus), scores every text, and hands the numbers to
 * {@link GroupAudit}, {@link MadlibsAudit}, {@link Counterfactuals} and {@link RelevanceAudit}.
 */
public final class Auditor {
    /**
     * What to audit.
     *
     * @param madlibs the madlibs CSV, or null to skip part 2a
     * @param largest how many largest swaps and false-positive cards to keep
     * @param explain whether to run part 3 (LRP)
     */
    public record Options(String corpus, String split, IdentityTerms terms, String termsSource, Path madlibs,
            int largest, boolean explain) {}

    private final LexrayModel model;
    private final ToxicClasses toxic;
    private final Consumer<String> progress;

    /** An auditor of a model whose toxic classes are {@code toxicNames} (null or empty: the default). */
    public Auditor(LexrayModel model, List<String> toxicNames, Consumer<String> progress) {
        this.model = model;
        this.toxic = ToxicClasses.of(model.labels(), toxicNames);
        this.progress = progress;
    }

    public AuditReport run(Options o) {
        List<AuditText> texts = read(o.corpus(), o.split());
        progress.accept("scoring " + texts.size() + " texts of " + o.corpus() + ":" + o.split());
        double[] scores = score(texts.stream().map(AuditText::text).toList());
        int unscored = (int) Arrays.stream(scores).filter(Double::isNaN).count();
        boolean hateXplain = o.corpus().equals("hatexplain");
        GroupAudit groups = null;
        if (hateXplain) {
            List<GroupAudit.ScoredPost> posts = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (!Double.isNaN(scores[i]) && texts.get(i).toxic() != null) {
                    posts.add(new GroupAudit.ScoredPost(texts.get(i).toxic(), texts.get(i).communities(), scores[i]));
                }
            }
            groups = GroupAudit.compute(posts, GroupAudit.COMMUNITIES, GeneralisedMean.HATEXPLAIN_POWER);
        }
        Map<String, List<String>> unknown = unknownWords(o.terms());
        Map<String, Boolean> known = new LinkedHashMap<>();
        unknown.forEach((k, v) -> known.put(k, v.isEmpty()));
        MadlibsAudit madlibs = null;
        if (o.madlibs() != null) {
            List<BiasMadlibs.Sentence> sentences = BiasMadlibs.read(o.madlibs());
            progress.accept("scoring " + sentences.size() + " madlibs sentences");
            double[] s = score(sentences.stream().map(BiasMadlibs.Sentence::text).toList());
            madlibs = MadlibsAudit.compute(sentences, s, o.terms(), unknown);
        }
        progress.accept("counterfactual term swaps");
        Counterfactuals cf = Counterfactuals.run(texts.stream().map(AuditText::text).toList(), scores, o.terms(),
                this::score, known, o.largest());
        RelevanceAudit why = null;
        if (o.explain()) {
            progress.accept("explaining " + (texts.size() - unscored) + " texts (LRP)");
            why = RelevanceAudit.compute("lrp", explain(texts, scores), o.terms(),
                    hateXplain ? GroupAudit.COMMUNITIES : List.of(), o.largest());
        }
        return new AuditReport(AuditReport.FORMAT, model.name(), model.architecture(), model.labels(), toxic.names(),
                o.corpus(), o.split(), texts.size(), unscored, o.termsSource(), groups, madlibs, cf, why);
    }

    /** The corpus' texts with ground truth; HateXplain posts without a majority label are left out. */
    static List<AuditText> read(String corpus, String split) {
        List<AuditText> out = new ArrayList<>();
        // A file has no splits: the split applies to named corpora only.
        boolean file = !Corpora.names().contains(corpus) && Files.isRegularFile(Path.of(corpus));
        try (Corpus c = Corpora.open(corpus, file ? null : split)) {
            if (corpus.equals("hatexplain")) {
                for (HateXplainAnnotations.Post p : HateXplainAnnotations.read(c.info().files())) {
                    Integer label = p.majorityLabel();
                    if (label != null) {
                        out.add(new AuditText(p.id(), p.text(), label != HateXplainAnnotations.NORMAL,
                                p.majorityTargets()));
                    }
                }
            } else {
                for (LabelledText t : c.readAll()) {
                    out.add(new AuditText(t.id(), t.text(), t.label() == null ? null : !ToxicClasses.benign(t.label()),
                            Set.of()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new LexrayException("corpus " + corpus + ":" + split + " has no texts to audit");
        }
        return out;
    }

    /** The toxic probability of each text; NaN for a text the model cannot score. */
    double[] score(List<String> texts) {
        List<TextOutcome<Prediction>> outcomes = model.predictEach(texts, ExplainOptions.defaults());
        double[] out = new double[texts.size()];
        Arrays.fill(out, Double.NaN);
        for (TextOutcome<Prediction> t : outcomes) {
            if (t instanceof TextOutcome.Success<Prediction> s) {
                out[(int) s.index()] = toxic.score(s.result().probabilities());
            }
        }
        return out;
    }

    /** Per term, its words that the model maps to the unknown token (empty: all known). */
    Map<String, List<String>> unknownWords(IdentityTerms terms) {
        Set<String> words = new HashSet<>();
        terms.terms().forEach(t -> words.addAll(List.of(t.term().split(" "))));
        List<String> list = List.copyOf(words);
        List<TextOutcome<Prediction>> outcomes = model.predictEach(list, ExplainOptions.defaults());
        Set<String> unknownSet = new HashSet<>();
        for (TextOutcome<Prediction> t : outcomes) {
            String w = list.get((int) t.index());
            if (!(t instanceof TextOutcome.Success<Prediction> s)
                    || s.result().warnings().contains(LexrayModel.ALL_UNKNOWN)) {
                unknownSet.add(w);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (IdentityTerms.Term t : terms.terms()) {
            out.put(t.term(), Arrays.stream(t.term().split(" ")).filter(unknownSet::contains).toList());
        }
        return out;
    }

    /** Explains every scored text for its most probable toxic class. */
    private List<RelevanceAudit.Explained> explain(List<AuditText> texts, double[] scores) {
        Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
        List<String> all = texts.stream().map(AuditText::text).toList();
        List<TextOutcome<Prediction>> predictions = model.predictEach(all, ExplainOptions.defaults());
        for (TextOutcome<Prediction> p : predictions) {
            if (p instanceof TextOutcome.Success<Prediction> s) {
                byClass.computeIfAbsent(toxic.strongest(s.result().probabilities()), k -> new ArrayList<>())
                        .add((int) s.index());
            }
        }
        Explanation[] explanations = new Explanation[texts.size()];
        byClass.forEach((c, idx) -> {
            List<TextOutcome<Explanation>> out = model.explainEach(idx.stream().map(all::get).toList(),
                    ExplainOptions.defaults().withTarget(new Target.Index(c)));
            for (TextOutcome<Explanation> e : out) {
                if (e instanceof TextOutcome.Success<Explanation> s) {
                    explanations[idx.get((int) s.index())] = s.result();
                }
            }
        });
        List<RelevanceAudit.Explained> result = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!Double.isNaN(scores[i])) {
                result.add(new RelevanceAudit.Explained(texts.get(i), scores[i], explanations[i]));
            }
        }
        return result;
    }
}
