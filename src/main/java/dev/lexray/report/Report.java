package dev.lexray.report;

import dev.lexray.LineError;
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
 * @param failures the texts that could not be explained ({@code --on-error record}), shown apart; empty otherwise
 */
public record Report(String title, String model, String modelCard, List<String> labels, String method,
        RuleSettings rule, String targetSpec, String version, ZonedDateTime created, List<ReportEntry> entries,
        List<Failure> failures) {
    /**
     * A text that could not be explained.
     *
     * @param position its 0-based position among the report's input texts (to write its record in place)
     * @param error its line, text and the reason
     */
    public record Failure(int position, LineError error) {}

    public Report {
        labels = List.copyOf(labels);
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    /** A report in which every text was explained. */
    public Report(String title, String model, String modelCard, List<String> labels, String method,
            RuleSettings rule, String targetSpec, String version, ZonedDateTime created, List<ReportEntry> entries) {
        this(title, model, modelCard, labels, method, rule, targetSpec, version, created, entries, List.of());
    }

    /** This report with another title. */
    public Report withTitle(String newTitle) {
        return new Report(newTitle, model, modelCard, labels, method, rule, targetSpec, version, created, entries,
                failures);
    }

    /** This report without its failures (they were skipped, not recorded). */
    public Report withoutFailures() {
        return new Report(title, model, modelCard, labels, method, rule, targetSpec, version, created, entries,
                List.of());
    }

    public boolean hasLabels() {
        return entries.stream().anyMatch(ReportEntry::labelled);
    }
}
