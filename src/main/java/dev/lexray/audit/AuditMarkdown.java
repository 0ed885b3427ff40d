package dev.lexray.audit;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code audit.md}: the audit's tables for a README, a model card or a pull request. */
public final class AuditMarkdown {
    private AuditMarkdown() {}

    public static String render(AuditReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Bias audit of `").append(r.model()).append("` on ").append(r.corpus()).append(':')
                .append(r.split()).append("\n\n");
        md.append("Toxic score: the sum of the probabilities of ").append(String.join(", ", r.toxicClasses()))
                .append(". Texts: ").append(r.texts()).append(" (").append(r.unscored()).append(" unscored). Terms: ")
                .append(r.terms()).append(".\n\n");
        if (r.groups() != null) {
            GroupAudit g = r.groups();
            md.append("## 1. Group metrics (HateXplain protocol)\n\n");
            md.append("Posts with a majority label: ").append(g.posts()).append("; targeting at least one of the 10")
                    .append(" communities: ").append(g.inCommunities()).append(". Overall AUC ")
                    .append(f(g.overallAuc())).append(" (communities' posts: ").append(f(g.communitiesAuc()))
                    .append(").\n\n");
            md.append("| community | size | toxic | non-toxic | subgroup AUC | BPSN AUC | BNSP AUC |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (GroupAudit.Subgroup s : g.subgroups()) {
                md.append("| ").append(s.name()).append(" | ").append(s.size()).append(" | ").append(s.toxic())
                        .append(" | ").append(s.nonToxic()).append(" | ").append(f(s.subgroupAuc())).append(" | ")
                        .append(f(s.bpsnAuc())).append(" | ").append(f(s.bnspAuc())).append(" |\n");
            }
            md.append("| **GMB (p = ").append(String.format(Locale.ROOT, "%.0f", g.gmb().power())).append(")** | | | | **")
                    .append(f(g.gmb().subgroupAuc())).append("** | **").append(f(g.gmb().bpsnAuc())).append("** | **")
                    .append(f(g.gmb().bnspAuc())).append("** |\n\n");
        }
        if (r.madlibs() != null) {
            MadlibsAudit m = r.madlibs();
            md.append("## 2a. Identity terms on Dixon et al.'s madlibs\n\n");
            md.append(m.sentences()).append(" sentences; AUC ").append(f(m.auc())).append(", FPR ").append(f(m.fpr()))
                    .append(", FNR ").append(f(m.fnr())).append(" at ").append(f(m.threshold())).append("; **FPED ")
                    .append(f(m.fped())).append(", FNED ").append(f(m.fned())).append("**.\n\n");
            md.append("| term | category | known | sentences | mean toxic | FPR | FNR | subgroup AUC | BPSN AUC | BNSP AUC |\n")
                    .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (MadlibsAudit.TermResult t : m.terms()) {
                md.append("| ").append(t.term()).append(" | ").append(t.category()).append(" | ")
                        .append(t.known() ? "yes" : "**no** (" + String.join(", ", t.unknownWords()) + ")")
                        .append(" | ").append(t.sentences()).append(" | ").append(f(t.meanToxic())).append(" | ")
                        .append(f(t.fpr())).append(" | ").append(f(t.fnr())).append(" | ").append(f(t.subgroupAuc()))
                        .append(" | ").append(f(t.bpsnAuc())).append(" | ").append(f(t.bnspAuc())).append(" |\n");
            }
            md.append('\n');
        }
        Counterfactuals c = r.counterfactuals();
        md.append("## 2b. Counterfactual term swaps on ").append(r.corpus()).append(':').append(r.split())
                .append("\n\n").append(c.textsWithTerms()).append(" of ").append(c.texts())
                .append(" texts mention an identity term; ").append(c.swaps()).append(" swaps re-scored.\n\n");
        md.append("| term | known | texts | swaps | mean abs change | max abs change | mean change as replacement |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Counterfactuals.TermChange t : c.terms().stream().filter(t -> t.swaps() > 0)
                .sorted(Comparator.comparing(Counterfactuals.TermChange::meanAbsChange).reversed()).toList()) {
            md.append("| ").append(t.term()).append(" | ").append(t.known() ? "yes" : "**no**").append(" | ")
                    .append(t.texts()).append(" | ").append(t.swaps()).append(" | ").append(f(t.meanAbsChange()))
                    .append(" | ").append(f(t.maxAbsChange())).append(" | ").append(f(t.meanChangeAsReplacement()))
                    .append(" |\n");
        }
        List<String> unknown = c.terms().stream().filter(t -> !t.known()).map(Counterfactuals.TermChange::term).toList();
        md.append("\nTerms the model does not know (mapped to the unknown token; their swaps cannot show bias, which")
                .append(" hides it rather than shows its absence): ")
                .append(unknown.isEmpty() ? "none" : String.join(", ", unknown)).append(".\n\n");
        md.append("Largest changes:\n\n| change | term → replacement | before | after | text |\n|---:|---|---:|---:|---|\n");
        for (Counterfactuals.Swap s : c.largest()) {
            md.append("| ").append(signed(s.change())).append(" | ").append(s.term()).append(" → ")
                    .append(s.replacement()).append(" | ").append(f(s.before())).append(" | ").append(f(s.after()))
                    .append(" | ").append(cell(s.text())).append(" |\n");
        }
        md.append('\n');
        if (r.why() != null) {
            RelevanceAudit w = r.why();
            md.append("## 3. Why: relevance (LRP) on identity terms\n\n");
            md.append("Share = sum of the identity terms' relevance / sum of the explained toxic logits, over the")
                    .append(" group's false positives (FP) and correctly scored texts.\n\n");
            if (!w.communities().isEmpty()) {
                md.append("| community | FP texts | FP share | right texts | right share |\n|---|---:|---:|---:|---:|\n");
                w.communities().forEach(g -> row(md, g));
                md.append('\n');
            }
            md.append("| term | FP texts | FP share | right texts | right share |\n|---|---:|---:|---:|---:|\n");
            w.terms().stream().filter(g -> g.falsePositives().texts() + g.right().texts() > 0).forEach(g -> row(md, g));
            md.append("\nIdentity terms by mean relevance for the toxic class:\n\n| term | occurrences | mean relevance |\n")
                    .append("|---|---:|---:|\n");
            w.ranking().forEach(t -> md.append("| ").append(t.term()).append(" | ").append(t.occurrences())
                    .append(" | ").append(signed(t.meanRelevance())).append(" |\n"));
            md.append("\nFalse positives with the most relevance on identity terms:\n\n| score | identity relevance |")
                    .append(" terms | text |\n|---:|---:|---|---|\n");
            w.falsePositives().forEach(p -> md.append("| ").append(f(p.score())).append(" | ")
                    .append(signed(p.identityRelevance())).append(" | ").append(String.join(", ", p.terms()))
                    .append(" | ").append(cell(p.text())).append(" |\n"));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, RelevanceAudit.GroupShare g) {
        md.append("| ").append(g.name()).append(" | ").append(g.falsePositives().texts()).append(" | ")
                .append(f(g.falsePositives().share())).append(" | ").append(g.right().texts()).append(" | ")
                .append(f(g.right().share())).append(" |\n");
    }

    static String f(Double x) {
        return x == null ? "n/a" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static String signed(double x) {
        return String.format(Locale.ROOT, "%+.3f", x);
    }

    // A table cell: no pipes or line breaks, and not too long to read.
    private static String cell(String text) {
        String s = text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ")
                .replace("<", "&lt;").replace(">", "&gt;");
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
