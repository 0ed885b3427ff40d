package dev.lexray.report;

import dev.lexray.audit.AuditReport;
import dev.lexray.audit.Counterfactuals;
import dev.lexray.audit.GroupAudit;
import dev.lexray.audit.MadlibsAudit;
import dev.lexray.audit.RelevanceAudit;
import dev.lexray.html.Html;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code audit.html}: the audit as one self-contained page in the report's style (its style sheet, tiles, panels,
 * tables and relevance cards, reused), with the report's Content-Security-Policy minus scripts. Everything goes
 * through the auto-escaping {@code audit.jte}.
 */
public final class AuditPage {
    /** A table: its heading, a note under it, column headers and rows of cells (already formatted). */
    public record Table(String id, String title, String note, List<String> headers, List<List<String>> rows) {}

    /** What {@code audit.jte} shows. */
    public record Page(String csp, String title, String generator, String style, String meta,
            List<ReportPage.Tile> tiles, List<Table> tables, List<String> unknownTerms, List<String> legend,
            List<ReportPage.Card> cards) {}

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private AuditPage() {}

    public static String render(AuditReport r) {
        // The report's style sheet; the one addition: texts in a table read left to right.
        String css = HtmlReport.css() + "\n.pc.texts td:last-child{text-align:left;white-space:normal}\n";
        String csp = "default-src 'none'; style-src " + Html.cspHash(css)
                + "; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'";
        List<ReportPage.Tile> tiles = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        if (r.groups() != null) {
            GroupAudit g = r.groups();
            tiles.add(new ReportPage.Tile("GMB subgroup AUC", f(g.gmb().subgroupAuc()), "p = " + (int) g.gmb().power()));
            tiles.add(new ReportPage.Tile("GMB BPSN AUC", f(g.gmb().bpsnAuc()), "low: false positives on a community"));
            tiles.add(new ReportPage.Tile("GMB BNSP AUC", f(g.gmb().bnspAuc()), "low: false negatives on a community"));
            tiles.add(new ReportPage.Tile("overall AUC", f(g.overallAuc()), g.posts() + " posts"));
            List<List<String>> rows = new ArrayList<>();
            for (GroupAudit.Subgroup s : g.subgroups()) {
                rows.add(List.of(s.name(), Integer.toString(s.size()), Integer.toString(s.toxic()),
                        Integer.toString(s.nonToxic()), f(s.subgroupAuc()), f(s.bpsnAuc()), f(s.bnspAuc())));
            }
            rows.add(List.of("GMB", "", "", "", f(g.gmb().subgroupAuc()), f(g.gmb().bpsnAuc()), f(g.gmb().bnspAuc())));
            tables.add(new Table("groups", "1. Group metrics (HateXplain protocol)", "The " + g.inCommunities()
                    + " posts targeting at least one of the 10 communities (majority of 2 of 3 annotators); toxic ="
                    + " hatespeech or offensive. Subgroup AUC within a community; BPSN: its non-toxic posts against the"
                    + " other toxic ones; BNSP: its toxic posts against the other non-toxic ones.",
                    List.of("community", "size", "toxic", "non-toxic", "subgroup AUC", "BPSN AUC", "BNSP AUC"), rows));
        }
        if (r.madlibs() != null) {
            MadlibsAudit m = r.madlibs();
            tiles.add(new ReportPage.Tile("madlibs FPED", f(m.fped()), "FNED " + f(m.fned())));
            List<List<String>> rows = new ArrayList<>();
            for (MadlibsAudit.TermResult t : m.terms()) {
                rows.add(List.of(t.term(), t.category(), t.known() ? "yes" : "no: " + String.join(", ", t.unknownWords()),
                        Integer.toString(t.sentences()), f(t.meanToxic()), f(t.fpr()), f(t.fnr()), f(t.subgroupAuc()),
                        f(t.bpsnAuc()), f(t.bnspAuc())));
            }
            tables.add(new Table("madlibs", "2a. Identity terms on Dixon et al.'s madlibs", m.sentences()
                    + " template sentences, toxic or not by construction; AUC " + f(m.auc()) + ", FPR " + f(m.fpr())
                    + " and FNR " + f(m.fnr()) + " at " + f(m.threshold()) + ".",
                    List.of("term", "category", "known", "sentences", "mean toxic", "FPR", "FNR", "subgroup AUC",
                            "BPSN AUC", "BNSP AUC"), rows));
        }
        Counterfactuals c = r.counterfactuals();
        List<List<String>> cf = new ArrayList<>();
        c.terms().stream().filter(t -> t.swaps() > 0).forEach(t -> cf.add(List.of(t.term(), t.known() ? "yes" : "no",
                Integer.toString(t.texts()), Integer.toString(t.swaps()), f(t.meanAbsChange()), f(t.maxAbsChange()),
                f(t.meanChangeAsReplacement()))));
        tables.add(new Table("swaps", "2b. Counterfactual term swaps", c.textsWithTerms() + " of " + c.texts()
                + " texts mention an identity term; each occurrence was swapped for every other term of its category ("
                + c.swaps() + " swaps) and the toxic probability re-scored.",
                List.of("term", "known", "texts", "swaps", "mean |change|", "max |change|", "mean change as replacement"),
                cf));
        List<List<String>> largest = new ArrayList<>();
        c.largest().forEach(s -> largest.add(List.of(signed(s.change()), s.term() + " → " + s.replacement(),
                f(s.before()), f(s.after()), s.text())));
        tables.add(new Table("largest", "Texts whose score changes most with a swap", "",
                List.of("change", "swap", "before", "after", "text"), largest));
        List<ReportPage.Card> cards = new ArrayList<>();
        if (r.why() != null) {
            RelevanceAudit w = r.why();
            String note = "Share: the identity terms' summed relevance (LRP) over the summed explained toxic logits, on"
                    + " false positives (FP: non-toxic, scored at least 0.5) and on texts scored right.";
            if (!w.communities().isEmpty()) {
                tables.add(new Table("why-communities", "3. Why: relevance on identity terms, by community", note,
                        List.of("community", "FP texts", "FP share", "right texts", "right share"), shares(w.communities())));
            }
            tables.add(new Table("why-terms", "Relevance on each term", note,
                    List.of("term", "FP texts", "FP share", "right texts", "right share"), shares(w.terms().stream()
                            .filter(g -> g.falsePositives().texts() + g.right().texts() > 0).toList())));
            List<List<String>> rank = new ArrayList<>();
            w.ranking().forEach(t -> rank.add(List.of(t.term(), t.category(), Integer.toString(t.occurrences()),
                    signed(t.meanRelevance()))));
            tables.add(new Table("ranking", "Identity terms by mean relevance for the toxic class", "",
                    List.of("term", "category", "occurrences", "mean relevance"), rank));
            for (int i = 0; i < w.falsePositives().size(); i++) {
                RelevanceAudit.Card p = w.falsePositives().get(i);
                cards.add(HtmlReport.card(p.explanation(), i, true, "non-toxic", p.id() + " · terms: "
                        + String.join(", ", p.terms()) + " · identity relevance " + signed(p.identityRelevance())));
            }
        }
        List<String> unknown = c.terms().stream().filter(t -> !t.known()).map(Counterfactuals.TermChange::term).toList();
        String title = "Bias audit: " + r.model();
        String meta = r.model() + " (" + r.architecture() + ") · " + r.corpus() + ":" + r.split() + " · toxic = "
                + String.join(" + ", r.toxicClasses()) + " · terms: " + r.terms();
        Page page = new Page(csp, title, "Lexray", css, meta, tiles, tables, unknown, HtmlReport.legend(), cards);
        StringOutput out = new StringOutput(64 * 1024);
        TEMPLATES.render("audit.jte", page, out);
        return out.toString();
    }

    private static List<List<String>> shares(List<RelevanceAudit.GroupShare> groups) {
        List<List<String>> rows = new ArrayList<>();
        groups.forEach(g -> rows.add(List.of(g.name(), Integer.toString(g.falsePositives().texts()),
                f(g.falsePositives().share()), Integer.toString(g.right().texts()), f(g.right().share()))));
        return rows;
    }

    private static String f(Double x) {
        return x == null ? "n/a" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static String signed(double x) {
        return String.format(Locale.ROOT, "%+.3f", x);
    }
}
