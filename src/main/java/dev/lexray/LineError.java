package dev.lexray;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A line (or {@code --text}) that could not be processed, written in place of its result under {@code --on-error
 * record} by {@code lexray explain}, {@code predict} and {@code report --json}: the JSON object
 * {@code {"line": N, "text": ..., "error": ...}}.
 *
 * @param line the 1-based line number in the input file (for {@code --text}, a named corpus or a list: the text's
 *     1-based position)
 * @param text the text as read (invalid UTF-8 shown as U+FFFD)
 * @param error why it could not be processed
 */
@JsonPropertyOrder({"line", "text", "error"})
public record LineError(int line, String text, String error) {}
