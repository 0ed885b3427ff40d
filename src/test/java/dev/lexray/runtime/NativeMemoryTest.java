package dev.lexray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

/** {@link NativeMemory} reaches glibc's {@code malloc_trim} on Linux (the CI machines) and never throws. */
class NativeMemoryTest {
    @Test
    void trimsOnLinuxAndIsHarmlessElsewhere() {
        NativeMemory.release();
        NativeMemory.release();
        assumeThat(Platform.isLinux() && !System.getProperty("java.vm.vendor", "").contains("musl"))
                .as("glibc Linux").isTrue();
        assertThat(NativeMemory.available()).isTrue();
    }

    @Test
    void trimsOnlyAfterGrowthPastTheReferenceThenTakesTheNextBatchAsReference() {
        long gib = 1L << 30;
        NativeMemory.Growth growth = new NativeMemory.Growth();
        assertThat(growth.shouldTrim(2 * gib)).as("first batch sets the reference").isFalse();
        assertThat(growth.shouldTrim(2 * gib + (200L << 20))).as("within an eighth of 2 GiB (256 MiB)").isFalse();
        assertThat(growth.shouldTrim(2 * gib + (256L << 20))).as("exactly the slack").isFalse();
        assertThat(growth.shouldTrim(2 * gib + (300L << 20))).as("past it").isTrue();
        // after the trim the heap refills: the next size is the new reference, not a reason to trim again
        assertThat(growth.shouldTrim(2 * gib + (300L << 20))).isFalse();
        assertThat(growth.shouldTrim(2 * gib + (400L << 20))).isFalse();
        assertThat(growth.shouldTrim(3 * gib)).isTrue();
    }

    @Test
    void slackIsAnEighthOfTheReferenceAndAtLeast256MiB() {
        assertThat(NativeMemory.grownBy(100L << 20)).isEqualTo(256L << 20);
        assertThat(NativeMemory.grownBy(8L << 30)).isEqualTo(1L << 30);
    }

    @Test
    void releaseIfGrownNeverThrows() {
        NativeMemory.releaseIfGrown();
        NativeMemory.releaseIfGrown();
    }
}
