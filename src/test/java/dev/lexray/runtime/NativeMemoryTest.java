package dev.lexray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicLong;
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

    /** glibc's getrusage; {@code ru_minflt} sits after two timevals and four longs. */
    private interface Usage extends Library {
        int getrusage(int who, Memory usage);
    }

    private static final int RUSAGE_THREAD = 1;
    private static final int RU_MINFLT_OFFSET = 64;

    /**
     * A worker thread's arena keeps a heap that a freed block has left empty: allocating, touching and freeing a
     * block big enough to need a second 64 MiB heap, then doing it again, faults the second time in nothing like
     * the block's pages (without the top pad glibc unmapped the heap, and every page was faulted in again).
     */
    @Test
    void aThreadReusesTheHeapItsFreedBlocksLeftEmpty() throws InterruptedException {
        assumeThat(Platform.isLinux() && NativeMemory.available()).as("glibc Linux").isTrue();
        NativeMemory.configure();
        Usage libc = Native.load("c", Usage.class);
        long block = 24L << 20; // under the 32 MiB mmap threshold: from the thread's heap
        AtomicLong secondFaults = new AtomicLong(-1);
        Thread worker = new Thread(() -> {
            long[] first = new long[3]; // 72 MiB: the arena needs a second heap
            for (int i = 0; i < first.length; i++) {
                first[i] = touched(block);
            }
            Native.free(first[2]);
            long before = minorFaults(libc);
            long again = touched(block);
            secondFaults.set(minorFaults(libc) - before);
            Native.free(again);
            Native.free(first[1]);
            Native.free(first[0]);
        });
        worker.start();
        worker.join();
        long pages = block / 4096;
        assertThat(secondFaults.get()).as("page faults touching a block of %d pages again", pages)
                .isBetween(0L, pages / 10);
    }

    private static long touched(long bytes) {
        long address = Native.malloc(bytes);
        assertThat(address).isNotZero();
        new Pointer(address).setMemory(0, bytes, (byte) 1);
        return address;
    }

    private static long minorFaults(Usage libc) {
        Memory usage = new Memory(144);
        assertThat(libc.getrusage(RUSAGE_THREAD, usage)).isZero();
        return usage.getLong(RU_MINFLT_OFFSET);
    }

    @Test
    void releaseIfGrownNeverThrows() {
        NativeMemory.releaseIfGrown();
        NativeMemory.releaseIfGrown();
    }
}
