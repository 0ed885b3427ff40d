package dev.lexray.cli;

import dev.lexray.report.ReportBuilder;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long run on standard error: texts done, rate and time left. On a terminal one line redrawn in
 * place with a bar; otherwise (a log, CI) a line at most every {@link #LOG_EVERY_NANOS}, and one at the end.
 */
final class ProgressLine implements ReportBuilder.Progress {
    static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 28;

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean terminal;
    private final int classes;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;
    private int total;
    private boolean drawn;

    ProgressLine(PrintWriter err, boolean enabled, int classes) {
        this.err = err;
        this.enabled = enabled;
        this.terminal = System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
        this.classes = classes;
    }

    @Override
    public void update(int done, int total) {
        this.done = done;
        this.total = total;
        if (!enabled || done == 0) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && drawn && now - lastDraw < (terminal ? REDRAW_NANOS : LOG_EVERY_NANOS)) {
            return;
        }
        if (!terminal && done == total) {
            return; // finish() prints the closing line
        }
        lastDraw = now;
        String line = line(now);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println("lexray: " + line);
        }
        err.flush();
        drawn = true;
    }

    /** The closing line: how many texts, how long. */
    void finish() {
        if (!enabled) {
            return;
        }
        double s = (System.nanoTime() - start) / 1e9;
        String msg = String.format(Locale.ROOT, "explained %d texts for %d classes in %s (%.1f texts/s)", done,
                classes, duration(s), s > 0 ? done / s : 0.0);
        err.print(terminal && drawn ? "\r" + msg + "\u001b[K\n" : "lexray: " + msg + "\n");
        err.flush();
    }

    String line(long now) {
        double s = (now - start) / 1e9;
        double rate = s > 0 ? done / s : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int filled = total == 0 ? 0 : (int) Math.round((double) BAR * done / total);
        String bar = terminal ? "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " : "";
        return String.format(Locale.ROOT, "%s%d/%d texts (%d%%), %.1f texts/s, %s left", bar, done, total,
                total == 0 ? 100 : 100L * done / total, rate, Double.isNaN(eta) ? "?" : duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
