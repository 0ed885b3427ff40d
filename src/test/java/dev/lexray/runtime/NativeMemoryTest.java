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
}
