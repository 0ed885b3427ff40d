package dev.lexray.report;

import dev.lexray.LexrayException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a report file completely or not at all: into a hidden temporary file in the target directory, then an
 * atomic rename. The temporary file is removed on failure and on interruption (Ctrl-C), and the finished file is
 * readable by everyone like any document ({@code rw-r--r--}), not private as temporary files are.
 */
public final class ReportFiles {
    private ReportFiles() {}

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().normalize().getParent();
        Path tmp = null;
        Thread cleanup = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            Path pending = tmp;
            cleanup = new Thread(() -> {
                try {
                    Files.deleteIfExists(pending);
                } catch (IOException ignored) {
                    // nothing more to do while the JVM exits
                }
            }, "lexray-report-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.write(tmp, content);
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
}
