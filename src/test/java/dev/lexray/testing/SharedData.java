package dev.lexray.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (read-only corpora and reference models); tests that need it skip without it. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        return Path.of(System.getProperty("lexray.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** The path under shared/, or a skipped test with a one-line reason. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), "needs ../shared/" + relative + " (present in CI, absent here)");
        return p;
    }
}
