package dev.lexray.cli;

import dev.lexray.runtime.LexrayException;
import dev.lexray.serve.LexrayServer;
import dev.lexray.serve.ServeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray serve}: parses, starts {@link LexrayServer}, and waits for SIGTERM or Ctrl-C to shut it down. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves explanations over HTTP (JSON API, live page at /, /metrics) until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "A model directory to serve, under its directory's name; repeatable.")
    List<Path> models;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface, then use --token-file).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer TOKEN' on /v1 and /metrics, TOKEN the file's first line.")
    Path tokenFile;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-texts", paramLabel = "N", defaultValue = "64",
            description = "Most texts per request (default: ${DEFAULT-VALUE}).")
    int maxTexts;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "10000",
            description = "Most characters per text (default: ${DEFAULT-VALUE}).")
    int maxChars;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Longest a request may wait and run before a 503 (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "1024",
            description = "Most texts waiting for a worker; beyond, 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Longest a shutdown waits for accepted requests (default: ${DEFAULT-VALUE}).")
    long drainMs;

    @Option(names = "--batching", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Merge concurrent requests for the same model and settings into one batch; --no-batching runs each alone (default: on).")
    boolean batching;

    @Option(names = "--batch-max", paramLabel = "N", defaultValue = "32",
            description = "Most texts in a merged batch (default: ${DEFAULT-VALUE}).")
    int batchMax;

    @Option(names = "--batch-wait-ms", paramLabel = "MS", defaultValue = "5",
            description = "Longest the oldest request waits for others to join its batch (default: ${DEFAULT-VALUE}).")
    long batchWaitMs;

    @Option(names = "--workers", paramLabel = "N",
            description = "Batches explained at once (default: one per core).")
    Integer workers;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServeOptions options = options();
        PrintWriter notes = LexrayCommand.notes(spec);
        LexrayServer server = LexrayServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notes.println("lexray: shutting down: finishing accepted requests");
            notes.flush();
            server.close();
            stopped.countDown();
        }, "lexray-shutdown"));
        notes.println("lexray: serving " + String.join(", ", server.modelNames()) + " on " + server.url()
                + " (live page at /, API at /v1, OpenAPI at /openapi.json" + (options.token() == null ? ""
                        : "; bearer token required") + "); stop with Ctrl-C or SIGTERM");
        notes.flush();
        stopped.await();
        return 0;
    }

    ServeOptions options() {
        ServeOptions.Batching b = ServeOptions.Batching.defaults();
        return ServeOptions.defaults(models).withHost(host).withPort(port).withToken(token())
                .withLimits(new ServeOptions.Limits(maxBodyBytes, maxTexts, maxChars, Duration.ofMillis(timeoutMs),
                        queue, Duration.ofMillis(drainMs)))
                .withBatching(new ServeOptions.Batching(batching, batchMax, Duration.ofMillis(batchWaitMs),
                        workers == null ? b.workers() : workers));
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
            String t = lines.isEmpty() ? "" : lines.get(0).strip();
            if (t.isEmpty()) {
                throw new LexrayException("the token file " + tokenFile + " is empty: put the token on its first "
                        + "line");
            }
            return t;
        } catch (IOException e) {
            throw new LexrayException("cannot read the token file " + tokenFile + ": " + e.getMessage());
        }
    }
}
