package dev.lexray.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way browser tests run Debian's headless Chromium: a fresh profile under the test's folder, no network
 * services of its own, a virtual-time budget for scripts, standard output returned (e.g. {@code --dump-dom}).
 */
public final class HeadlessChromium {
    /** The executable ({@code -Dlexray.chromium=...} overrides); test.sh installs it when run as root. */
    public static final Path EXECUTABLE = Path.of(System.getProperty("lexray.chromium", "/usr/bin/chromium"));

    private HeadlessChromium() {}

    /** Whether Chromium is here; browser tests call {@link Ci#require} with it. */
    public static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Chromium on a file. */
    public static String run(Path workDir, Path file, String... args) throws IOException, InterruptedException {
        return run(workDir, file.toUri().toString(), 5000, args);
    }

    /** Chromium on an address, scripts given {@code virtualTimeMs} of virtual time; its standard output. */
    public static String run(Path workDir, String address, int virtualTimeMs, String... args)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile");
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + virtualTimeMs));
        cmd.addAll(List.of(args));
        cmd.add(address);
        Path stdout = Files.createTempFile(workDir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return Files.readString(stdout);
    }
}
