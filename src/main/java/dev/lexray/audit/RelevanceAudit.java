package dev.lexray.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lexray.Explanation;
import dev.lexray.TokenRelevance;
import dev.lexray.corpus.IdentityTerms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Part 3: the relevance behind the bias. Each text is explained (LRP) for its most probable toxic class. The
 * relevance of an identity term in a text is the sum over the words that overlap one of its occurrences; the
 * explained score is the class's logit ({@code conservation.target_score}). For a group of texts the share is
 * pooled, {@code sum of identity relevance / sum of explained scores}, so a text whose logit is near 0 cannot blow it
 * up; the mean identity relevance per text is given beside it. Groups: each community (any identity term) and each
 * term (that term), split into false positives (non-toxic, scored at least 0.5) and texts the model gets right.
 */
@JsonPropertyOrder({"method", "explained", "communities", "terms", "ranking", "false_positives"})
public record RelevanceAudit(String method, int explained, List<GroupShare> communities, List<GroupShare> terms,
        List<TermRelevance> ranking, @JsonProperty("false_positives") List<Card> falsePositives) {

    /** A group's shares on its false positives and on the texts the model gets right. */
    @JsonPropertyOrder({"name", "false_positives", "right"})
    public record GroupShare(String name, @JsonProperty("false_positives") Share falsePositives, Share right) {}

    /** Pooled figures over some texts. */
    @JsonPropertyOrder({"texts", "share", "mean_identity_relevance", "mean_score"})
    public record Share(int texts, Double share, @JsonProperty("mean_identity_relevance") Double meanIdentityRelevance,
            @JsonProperty("mean_score") Double meanScore) {}

    /** A term's mean relevance for the toxic class over its occurrences. */
    @JsonPropertyOrder({"term", "category", "occurrences", "mean_relevance"})
    public record TermRelevance(String term, String category, int occurrences,
            @JsonProperty("mean_relevance") double meanRelevance) {}

    /** A false positive with much relevance on identity terms; the explanation is for the HTML cards. */
    @JsonPropertyOrder({"id", "text", "score", "identity_relevance", "terms"})
    public record Card(String id, String text, double score, @JsonProperty("identity_relevance") double identityRelevance,
            List<String> terms, @JsonIgnore Explanation explanation) {}

    /** One explained text: the text, its score, its explanation (null if it could not be explained). */
    public record Explained(AuditText text, double score, Explanation explanation) {}

    public static RelevanceAudit compute(String method, List<Explained> all, IdentityTerms terms,
            List<String> communities, int cards) {
        List<Explained> ok = all.stream().filter(e -> e.explanation() != null && e.text().toxic() != null).toList();
        Map<Explained, Map<String, Double>> perTerm = new IdentityHashMap<>();
        Map<String, double[]> ranking = new LinkedHashMap<>();
        for (Explained e : ok) {
            Map<String, Double> r = new LinkedHashMap<>();
            for (IdentityTerms.Occurrence o : terms.find(e.text().text())) {
                double rel = 0;
                for (TokenRelevance t : e.explanation().tokens()) {
                    if (t.start() < o.end() && t.end() > o.start()) {
                        rel += t.relevance();
                    }
                }
                r.merge(o.term().term(), rel, Double::sum);
                double[] acc = ranking.computeIfAbsent(o.term().term(), k -> new double[2]);
                acc[0] += rel;
                acc[1]++;
            }
            perTerm.put(e, r);
        }
        List<GroupShare> byCommunity = new ArrayList<>();
        for (String c : communities) {
            byCommunity.add(group(c, ok, e -> e.text().communities().contains(c),
                    e -> perTerm.get(e).values().stream().mapToDouble(Double::doubleValue).sum()));
        }
        List<GroupShare> byTerm = new ArrayList<>();
        for (IdentityTerms.Term t : terms.terms()) {
            byTerm.add(group(t.term(), ok, e -> perTerm.get(e).containsKey(t.term()),
                    e -> perTerm.get(e).getOrDefault(t.term(), 0.0)));
        }
        List<TermRelevance> ranked = ranking.entrySet().stream()
                .map(x -> new TermRelevance(x.getKey(), terms.categoryOf(x.getKey()), (int) x.getValue()[1],
                        x.getValue()[0] / x.getValue()[1]))
                .sorted(Comparator.comparingDouble(TermRelevance::meanRelevance).reversed()).toList();
        List<Card> top = ok.stream().filter(RelevanceAudit::falsePositive).filter(e -> !perTerm.get(e).isEmpty())
                .map(e -> new Card(e.text().id(), e.text().text(), e.score(),
                        perTerm.get(e).values().stream().mapToDouble(Double::doubleValue).sum(),
                        List.copyOf(perTerm.get(e).keySet()), e.explanation()))
                .sorted(Comparator.comparingDouble(Card::identityRelevance).reversed()).limit(cards).toList();
        return new RelevanceAudit(method, ok.size(), byCommunity, byTerm, ranked, top);
    }

    static boolean falsePositive(Explained e) {
        return !e.text().toxic() && e.score() >= MadlibsAudit.THRESHOLD;
    }

    static boolean right(Explained e) {
        return e.text().toxic() == (e.score() >= MadlibsAudit.THRESHOLD);
    }

    private static GroupShare group(String name, List<Explained> ok, Predicate<Explained> member,
            java.util.function.ToDoubleFunction<Explained> identity) {
        return new GroupShare(name, share(ok.stream().filter(member).filter(RelevanceAudit::falsePositive).toList(),
                identity), share(ok.stream().filter(member).filter(RelevanceAudit::right).toList(), identity));
    }

    private static Share share(List<Explained> texts, java.util.function.ToDoubleFunction<Explained> identity) {
        if (texts.isEmpty()) {
            return new Share(0, null, null, null);
        }
        double rel = texts.stream().mapToDouble(identity).sum();
        double score = texts.stream().mapToDouble(e -> e.explanation().conservation().targetScore()).sum();
        return new Share(texts.size(), score == 0 ? null : rel / score, rel / texts.size(), score / texts.size());
    }
}
