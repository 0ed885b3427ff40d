package dev.lexray.cli;

import dev.lexray.ExplainOptions;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import picocli.CommandLine.Option;

/** {@code --workers} and {@code --threads}: how many batches run at once, and libtorch's threads in each. */
final class ComputeOptions {
    @Option(names = "--workers", paramLabel = "N",
            description = "Batches explained at once, each on its own thread, sharing the model's weights "
                    + "(default: cores / threads).")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra-op threads per worker (default: LEXRAY_THREADS, else 1).")
    Integer threads;

    /** Applies --threads (before the engine starts, where possible); call before loading the model. */
    void applyThreads() {
        if (threads != null) {
            if (threads < 1) {
                throw new LexrayException("--threads must be at least 1, got " + threads);
            }
            TorchRuntime.setThreads(threads);
        }
    }

    int workers() {
        if (workers == null) {
            return ExplainOptions.defaultWorkers();
        }
        if (workers < 1) {
            throw new LexrayException("--workers must be at least 1, got " + workers);
        }
        return workers;
    }

    ExplainOptions apply(ExplainOptions options) {
        applyThreads();
        return options.withWorkers(workers());
    }
}
