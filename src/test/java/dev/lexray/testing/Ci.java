package dev.lexray.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

/**
 * What a test needs from the machine it runs on. Elsewhere a missing tool skips the test with a one-line reason; in
 * CI ({@code CI=true}, as GitHub Actions and most CI services set it) the tool is installed on purpose, so its
 * absence fails the test instead of hiding it as a skip.
 */
public final class Ci {
    private Ci() {}

    /** Whether this process runs in CI: the {@code CI} environment variable is {@code true}. */
    public static boolean active() {
        return active(System.getenv());
    }

    static boolean active(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").strip());
    }

    /** Skips the test when {@code present} is false, or fails it in CI. */
    public static void require(boolean present, String reason) {
        require(present, reason, System.getenv());
    }

    /** {@link #require(boolean, String)} for a given environment. */
    public static void require(boolean present, String reason, Map<String, String> env) {
        if (!present && active(env)) {
            fail(reason + ", and CI=true: CI must have it, so this fails rather than skips");
        }
        assumeTrue(present, reason);
    }
}
