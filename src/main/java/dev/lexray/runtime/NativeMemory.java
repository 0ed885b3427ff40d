package dev.lexray.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands the native memory a batch freed back to the operating system (glibc's {@code malloc_trim(0)}).
 *
 * <p>libtorch allocates tensors with {@code malloc}. glibc raises its mmap threshold each time a large block is freed,
 * after which the big short-lived tensors of LRP come from the heap; freed, they leave holes that glibc keeps, so
 * resident memory crept by about 20 MB per 512-token window over one long text on a BERT-base-sized model. Trimming
 * after each batch returns those pages without slowing allocation, as fixing the threshold
 * ({@code MALLOC_MMAP_THRESHOLD_}) did (every tensor a fresh mmap: elementwise operations several times slower).
 * A no-op where there is no glibc (macOS, Windows, musl).
 */
public final class NativeMemory {
    private interface C extends Library {
        int malloc_trim(long pad);

        int mallopt(int param, int value);
    }

    /** glibc's {@code mallopt} parameters. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** The largest mmap threshold glibc accepts on 64-bit (its {@code DEFAULT_MMAP_THRESHOLD_MAX}). */
    static final int MMAP_THRESHOLD = 32 << 20;
    /**
     * Twice glibc's per-thread heap size ({@code HEAP_MAX_SIZE}, 64 MiB on 64-bit): a thread's arena never deletes a
     * heap that has become empty (it keeps at least this much free when it trims itself).
     */
    static final int TOP_PAD = 128 << 20;

    /** Growth over the reference that triggers a trim: at least this, or an eighth of the reference. */
    static final long SLACK_BYTES = 256L << 20;

    private static final C LIBC = load();
    private static final Growth GROWTH = new Growth();
    private static final AtomicBoolean WORKS = new AtomicBoolean(LIBC != null);

    private NativeMemory() {}

    private static C load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", C.class);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Keeps freed tensors' memory in glibc's heap for the next batch instead of handing it back at once: tensors up
     * to 32 MiB come from the heap (not each from a fresh mapping), and the heap's top is not trimmed automatically.
     * Otherwise every big tensor of a pass (a 512-token BERT-base text's attention scores are 12.6 MB) is mapped,
     * page-faulted in and unmapped again: a third of AttnLRP's time went to the kernel. The worker threads' arenas
     * (glibc heaps of 64 MiB each) likewise unmapped every heap that a layer's freed temporaries left empty, whatever
     * the trim threshold, unless the top pad is larger than a heap: on a 512-token BERT-base text, AttnLRP's fresh
     * {@code [heads,T,T]} products then took 3-5 times as long as in a reused heap. What stays in the heap is handed
     * back by {@link #releaseIfGrown()}. Environment variables {@code MALLOC_TRIM_THRESHOLD_},
     * {@code MALLOC_MMAP_THRESHOLD_} and {@code MALLOC_TOP_PAD_}, when set, each win over their own setting. Call
     * once, before the first tensor.
     */
    public static void configure() {
        if (!WORKS.get()) {
            return;
        }
        try {
            // each setting only where the user has not chosen it: without the fixed mmap threshold alone, every big
            // tensor is a fresh mapping again (AttnLRP several times slower)
            setUnlessChosen("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            setUnlessChosen("MALLOC_TRIM_THRESHOLD_", M_TRIM_THRESHOLD, Integer.MAX_VALUE);
            setUnlessChosen("MALLOC_TOP_PAD_", M_TOP_PAD, TOP_PAD);
        } catch (LinkageError | RuntimeException e) {
            WORKS.set(false); // not glibc after all
        }
    }

    private static void setUnlessChosen(String environmentVariable, int param, int value) {
        if (System.getenv(environmentVariable) == null) {
            LIBC.mallopt(param, value);
        }
    }

    /** Returns freed heap pages to the system; call between batches, when little is allocated. */
    public static void release() {
        if (!WORKS.get()) {
            return;
        }
        try {
            LIBC.malloc_trim(0);
        } catch (LinkageError | RuntimeException e) {
            WORKS.set(false); // no malloc_trim in this C library
        }
    }

    /**
     * Call after a large batch: trims once resident memory exceeds the reference (the size after the first batch
     * since the last trim) by {@link #grownBy}, so that a steady stream keeps its heap and a creeping one is held
     * within that slack. Returns whether it trimmed.
     */
    public static boolean releaseIfGrown() {
        if (!WORKS.get()) {
            return false;
        }
        long rss = Rss.current().orElse(-1);
        if (rss >= 0 && !GROWTH.shouldTrim(rss)) {
            return false;
        }
        release();
        return true;
    }

    /**
     * The trimming policy on resident sizes measured after batches: the first size since the last trim (the heap
     * refilled to its working size) is the reference; a size more than {@link #grownBy} above it asks for a trim,
     * after which the next size becomes the reference.
     */
    static final class Growth {
        private long reference = -1;

        synchronized boolean shouldTrim(long rss) {
            if (reference < 0) {
                reference = rss;
                return false;
            }
            if (rss - reference <= grownBy(reference)) {
                return false;
            }
            reference = -1;
            return true;
        }
    }

    /** The growth over {@code reference} bytes that {@link #releaseIfGrown} tolerates. */
    static long grownBy(long reference) {
        return Math.max(SLACK_BYTES, reference / 8);
    }

    /** Whether {@link #release} can do anything here. */
    public static boolean available() {
        return WORKS.get();
    }
}
