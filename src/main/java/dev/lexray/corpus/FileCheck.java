package dev.lexray.corpus;

import java.nio.file.Path;

/**
 * The integrity check of one corpus file (or folder) against the SHA-256 its descriptor records.
 *
 * @param file     the path as the descriptor writes it (relative to the corpora root; a folder ends in {@code /})
 * @param path     where it was looked for
 * @param expected the recorded hash
 * @param actual   the hash of what is there, or {@code null} when it is missing
 */
public record FileCheck(String file, Path path, String expected, String actual) {
    public boolean ok() {
        return expected.equalsIgnoreCase(String.valueOf(actual));
    }

    @Override
    public String toString() {
        return (ok() ? "ok       " : actual == null ? "MISSING  " : "CHANGED  ") + file
                + (ok() || actual == null ? "" : " (sha256 " + actual + ", expected " + expected + ")");
    }
}
