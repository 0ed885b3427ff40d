package dev.lexray.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Locates {@code ../shared} (read-only corpora and reference models); tests that need it skip without it, reported
 * as skipped with a one-line reason. JUnit tests call {@link #require} in the test or a {@code @BeforeEach} (an
 * assumption in {@code @BeforeAll} skips the class without reporting its tests); jqwik properties, where an
 * assumption would only discard one try, carry {@link Requires}.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        return Path.of(System.getProperty("lexray.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** The path under shared/, or a skipped test with a one-line reason. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), reason(relative));
        return p;
    }

    /**
     * The path under shared/, or null where it is absent: for loading something once per class, in a
     * {@code @BeforeAll} that must not skip (JUnit then reports none of the class's tests at all); each test then
     * calls {@link #require} (in a {@code @BeforeEach}) to be reported as skipped.
     */
    public static Path ifPresent(String relative) {
        Path p = root().resolve(relative);
        return Files.exists(p) ? p : null;
    }

    static String reason(String relative) {
        return "needs ../shared/" + relative + " (present in CI, absent here)";
    }

    /** A jqwik property or container that needs these paths under shared/: skipped as a whole without them. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @AddLifecycleHook(SkipWithout.class)
    public @interface Requires {
        String[] value();
    }

    /** The hook behind {@link Requires}. */
    public static final class SkipWithout implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            Optional<Requires> requires = context.findAnnotation(Requires.class);
            if (requires.isPresent()) {
                for (String relative : requires.get().value()) {
                    if (ifPresent(relative) == null) {
                        return SkipResult.skip(reason(relative));
                    }
                }
            }
            return SkipResult.doNotSkip();
        }
    }
}
