package dev.lexray.cli;

import dev.lexray.io.AtomicFiles;
import dev.lexray.runtime.LexrayException;
import dev.lexray.serve.LoadBench;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code lexray bench --serve}: reads the texts, runs {@link LoadBench}, prints and writes its table. */
final class ServeBench {
    private ServeBench() {}

    static int run(Path model, Path input, List<Integer> clients, int seconds, Path out, PrintWriter stdout,
            PrintWriter notes) throws InterruptedException {
        if (seconds < 1 || clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
            throw new LexrayException("--seconds and every --clients value must be at least 1");
        }
        List<String> texts = new ArrayList<>();
        try (InputStream in = Files.newInputStream(input); Utf8Lines lines = new Utf8Lines(in, input.toString(),
                false)) {
            for (Utf8Lines.Line l = lines.nextNonBlank(); l != null; l = lines.nextNonBlank()) {
                texts.add(l.text());
            }
        } catch (IOException e) {
            throw new LexrayException("cannot read " + input + ": " + e.getMessage());
        }
        if (texts.isEmpty()) {
            throw new LexrayException(input + " has no text: give --input a file with one text per line");
        }
        String table = LoadBench.markdown(LoadBench.run(model, texts, clients, Duration.ofSeconds(seconds), notes));
        AtomicFiles.write(out.resolve("serve-bench.md"), table);
        stdout.print(table);
        stdout.flush();
        return 0;
    }
}
