package dev.lexray.io;

import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one way Lexray writes a file: completely or not at all, into a hidden temporary sibling and then an atomic
 * rename. The temporary file is removed on failure and on interruption (Ctrl-C), and the finished file is readable
 * by everyone like any document ({@code rw-r--r--}), not private as temporary files are.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().normalize().getParent();
        Path tmp = null;
        Thread cleanup = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            cleanup = deleteOnExit(tmp);
            Files.write(tmp, content);
            readableByAll(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LexrayException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename already consumed it, or the directory is gone
                }
            }
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException ignored) {
                    // the JVM is shutting down: the hook runs
                }
            }
        }
    }

    /** A shutdown hook that removes the temporary file if the JVM is stopped mid-write. */
    private static Thread deleteOnExit(Path tmp) {
        Thread cleanup = new Thread(() -> {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do while the JVM exits
            }
        }, "lexray-atomic-write-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        return cleanup;
    }

    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // not a POSIX file system: keep what it gave
        }
    }
}
