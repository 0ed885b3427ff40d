package dev.lexray.audit;

import static dev.lexray.audit.GroupAudit.orNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lexray.corpus.BiasMadlibs;
import dev.lexray.corpus.IdentityTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 2a: Dixon et al. 2018's per-term figures on their synthetic sentences. A sentence belongs to a term when it
 * mentions it as a whole word (Dixon et al.'s {@code \bterm\b}; "african" also in "african american"); its
 * background is every other sentence. A sentence is predicted toxic when its score is at least {@link #THRESHOLD}.
 * FPED = sum over terms of |FPR - FPR_term|, FNED likewise with FNR (FPR and FNR over all sentences); terms with no
 * sentence are left out of the sums.
 *
 * @param sentences sentences scored
 * @param auc the AUC over all of them
 */
@JsonPropertyOrder({"sentences", "threshold", "auc", "fpr", "fnr", "fped", "fned", "terms"})
public record MadlibsAudit(int sentences, double threshold, Double auc, double fpr, double fnr, double fped,
        double fned, List<TermResult> terms) {

    public static final double THRESHOLD = 0.5;

    /**
     * One term: its sentences, whether the model knows its words, mean toxic probability, error rates on its
     * non-toxic (FPR) and toxic (FNR) sentences, and its AUCs against the other sentences.
     */
    @JsonPropertyOrder({"term", "category", "known", "unknown_words", "sentences", "mean_toxic", "fpr", "fnr",
        "subgroup_auc", "bpsn_auc", "bnsp_auc"})
    public record TermResult(String term, String category, boolean known,
            @JsonProperty("unknown_words") List<String> unknownWords, int sentences,
            @JsonProperty("mean_toxic") Double meanToxic, Double fpr, Double fnr,
            @JsonProperty("subgroup_auc") Double subgroupAuc, @JsonProperty("bpsn_auc") Double bpsnAuc,
            @JsonProperty("bnsp_auc") Double bnspAuc) {}

    /**
     * The figures over sentences and their scores; {@code unknownWords} maps a term to its words the model maps to
     * the unknown token (absent or empty: all known).
     */
    public static MadlibsAudit compute(List<BiasMadlibs.Sentence> sentences, double[] scores, IdentityTerms terms,
            Map<String, List<String>> unknownWords) {
        int n = sentences.size();
        boolean[] toxic = new boolean[n];
        for (int i = 0; i < n; i++) {
            toxic[i] = sentences.get(i).toxic();
        }
        double fprAll = rate(scores, toxic, null, false);
        double fnrAll = rate(scores, toxic, null, true);
        List<TermResult> out = new ArrayList<>();
        double fped = 0;
        double fned = 0;
        for (IdentityTerms.Term t : terms.terms()) {
            boolean[] in = new boolean[n];
            int count = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                in[i] = terms.mentions(sentences.get(i).text(), t.term());
                if (in[i]) {
                    count++;
                    sum += scores[i];
                }
            }
            double fpr = rate(scores, toxic, in, false);
            double fnr = rate(scores, toxic, in, true);
            if (!Double.isNaN(fpr)) {
                fped += Math.abs(fprAll - fpr);
            }
            if (!Double.isNaN(fnr)) {
                fned += Math.abs(fnrAll - fnr);
            }
            BiasAucs a = BiasAucs.of(scores, toxic, in);
            List<String> unknown = unknownWords.getOrDefault(t.term(), List.of());
            out.add(new TermResult(t.term(), t.category(), unknown.isEmpty(), unknown, count,
                    count == 0 ? null : sum / count, orNull(fpr), orNull(fnr), orNull(a.subgroup()), orNull(a.bpsn()),
                    orNull(a.bnsp())));
        }
        double auc = RocAuc.of(select(scores, toxic, true), select(scores, toxic, false));
        return new MadlibsAudit(n, THRESHOLD, orNull(auc), fprAll, fnrAll, fped, fned, out);
    }

    /**
     * The false positive rate (of the non-toxic sentences, the share scored at least the threshold) or, with
     * {@code ofToxic}, the false negative rate, within {@code in} (null: all); NaN when there is none.
     */
    static double rate(double[] scores, boolean[] toxic, boolean[] in, boolean ofToxic) {
        int total = 0;
        int wrong = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((in == null || in[i]) && toxic[i] == ofToxic) {
                total++;
                boolean predictedToxic = scores[i] >= THRESHOLD;
                if (predictedToxic != ofToxic) {
                    wrong++;
                }
            }
        }
        return total == 0 ? Double.NaN : (double) wrong / total;
    }

    private static double[] select(double[] scores, boolean[] toxic, boolean which) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (toxic[i] == which) {
                out.add(scores[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
