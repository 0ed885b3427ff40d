package dev.lexray.cli;

import dev.lexray.Explanation;
import dev.lexray.LexrayJson;
import dev.lexray.LineError;
import dev.lexray.Prediction;
import dev.lexray.runtime.LexrayException;
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

    /** Prints explanations, predictions and {@link LineError}s, in the order given. */
    void print(List<?> items, PrintWriter out) {
        TerminalText text = json() ? null : new TerminalText(colored());
        for (Object item : items) {
            if (text == null) {
                out.println(LexrayJson.toLine(item));
            } else if (item instanceof Explanation e) {
                out.print(text.explanation(e));
            } else if (item instanceof Prediction p) {
                out.print(new TerminalText(false).prediction(p)); // predictions have no relevance to colour
            } else if (item instanceof LineError e) {
                out.print(text.lineError(e));
            }
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
