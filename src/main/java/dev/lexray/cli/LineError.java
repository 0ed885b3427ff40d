package dev.lexray.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A line (or {@code --text}) that could not be processed, printed in place of its result under {@code --on-error
 * record}: its 1-based line number (the position of the {@code --text}), the text and why.
 */
@JsonPropertyOrder({"line", "text", "error"})
record LineError(int line, String text, String error) {}
