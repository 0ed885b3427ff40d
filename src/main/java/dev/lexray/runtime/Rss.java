package dev.lexray.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): the current size ({@code VmRSS}) and the
 * peak ({@code VmHWM}), which {@link #resetPeak()} sets back to the current size (writing 5 to
 * {@code /proc/self/clear_refs}) so that a peak can be measured per configuration. Empty where unavailable.
 */
public final class Rss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Rss() {}

    /** Current resident size in bytes. */
    public static OptionalLong current() {
        return field("VmRSS:");
    }

    /** Peak resident size in bytes since the process started or the last {@link #resetPeak()}. */
    public static OptionalLong peak() {
        return field("VmHWM:");
    }

    /** Sets the peak back to the current size; false where the kernel does not allow it. */
    public static boolean resetPeak() {
        try {
            // WRITE only: the default options would also truncate, which /proc refuses.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5", StandardOpenOption.WRITE);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L); // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable
        }
        return OptionalLong.empty();
    }
}
