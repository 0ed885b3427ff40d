package dev.lexray.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic file writer: whole file or nothing, no temporary file left, readable by all. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesCreatesParentsAndReplaces() throws IOException {
        Path target = dir.resolve("a/b/out.html");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "zweite \u00e9");
        assertThat(Files.readString(target)).isEqualTo("zweite \u00e9");
        assertThat(leftovers()).isEmpty();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aFailureSaysWhichFileAndLeavesTheOldOneAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.json");
        AtomicFiles.write(target, "old");
        Path intoADirectory = Files.createDirectory(dir.resolve("blocked"));
        Files.writeString(intoADirectory.resolve("keep"), "a directory with a file is never replaced");
        assertThatThrownBy(() -> AtomicFiles.write(intoADirectory, "new")).isInstanceOf(LexrayException.class)
                .hasMessageContaining("cannot write " + intoADirectory);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(leftovers()).isEmpty();
    }

    private Stream<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList().stream();
        }
    }
}
