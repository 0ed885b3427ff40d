package dev.lexray.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing tool skips a test on a developer's machine and fails it in CI. */
class CiTest {
    @Test
    void aMissingToolFailsInCi() {
        assertThatThrownBy(() -> Ci.require(false, "needs /usr/bin/chromium", Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("needs /usr/bin/chromium")
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingToolSkipsElsewhere() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("CI", "false"),
                Map.of("CI", ""))) {
            assertThatThrownBy(() -> Ci.require(false, "needs /usr/bin/chromium", env))
                    .as("%s", env).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("needs /usr/bin/chromium");
        }
    }

    @Test
    void aPresentToolPassesEverywhere() {
        assertThatCode(() -> Ci.require(true, "needs it", Map.of("CI", "true"))).doesNotThrowAnyException();
        assertThatCode(() -> Ci.require(true, "needs it", Map.of())).doesNotThrowAnyException();
        assertThat(Ci.active(Map.of("CI", "TRUE"))).isTrue();
        assertThat(Ci.active(Map.of("CI", "1"))).isFalse();
    }
}
