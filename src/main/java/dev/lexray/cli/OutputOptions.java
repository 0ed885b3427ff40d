package dev.lexray.cli;

import dev.lexray.Explanation;
import dev.lexray.LexrayException;
import dev.lexray.LexrayJson;
import dev.lexray.Prediction;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --format json|text} and {@code --color}. */
final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "F", defaultValue = "json",
            description = "json (one object per text, JSON Lines) or text (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour text output: auto (when stdout is a terminal), always, never.")
    String color;

    void printExplanations(List<Explanation> explanations, PrintWriter out) {
        if (json()) {
            explanations.forEach(e -> out.println(LexrayJson.toLine(e)));
        } else {
            TerminalText text = new TerminalText(colored());
            explanations.forEach(e -> out.print(text.explanation(e)));
        }
        out.flush();
    }

    void printPredictions(List<Prediction> predictions, PrintWriter out) {
        if (json()) {
            predictions.forEach(p -> out.println(LexrayJson.toLine(p)));
        } else {
            TerminalText text = new TerminalText(false);
            predictions.forEach(p -> out.print(text.prediction(p)));
        }
        out.flush();
    }

    /** Fails on an unknown --format or --color before any work is done. */
    void check() {
        json();
        colored();
    }

    private boolean json() {
        return switch (format) {
            case "json", "jsonl" -> true;
            case "text" -> false;
            default -> throw new LexrayException("unknown format '" + format + "': use json or text");
        };
    }

    private boolean colored() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null;
            default -> throw new LexrayException("unknown --color '" + color + "': use auto, always or never");
        };
    }
}
