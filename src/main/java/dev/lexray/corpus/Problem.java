package dev.lexray.corpus;

import java.nio.file.Path;

/** A malformed record: the file, the 1-based line where the record starts (0 when unknown), and what is wrong. */
public record Problem(Path file, long line, String reason) {
    @Override
    public String toString() {
        return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + reason;
    }
}
