package dev.lexray.report;

import dev.lexray.RuleSettings;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Everything an HTML report shows, as the public API returned it: no relevance is computed here.
 *
 * @param title the page title
 * @param model the model's name
 * @param modelCard the first paragraph of the model directory's {@code MODEL_CARD.md}, or null
 * @param labels the model's classes
 * @param method the attribution method ("lrp")
 * @param rule the rule and its parameters
 * @param targetSpec what {@code --target} said ("predicted", a label or an index)
 * @param version the Lexray version that made it
 * @param created when it was made
 * @param entries the texts, in input order
 */
public record Report(String title, String model, String modelCard, List<String> labels, String method,
        RuleSettings rule, String targetSpec, String version, ZonedDateTime created, List<ReportEntry> entries) {
    public Report {
        labels = List.copyOf(labels);
        entries = List.copyOf(entries);
    }

    /** The same report under another page title. */
    public Report withTitle(String newTitle) {
        return new Report(newTitle, model, modelCard, labels, method, rule, targetSpec, version, created, entries);
    }

    public boolean hasLabels() {
        return entries.stream().anyMatch(ReportEntry::labelled);
    }
}
