package dev.lexray.serve;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} shows, in Prometheus' text format (Micrometer): requests by route, method and status
 * with a latency histogram ({@code lexray_http_requests_seconds}), texts per batch run
 * ({@code lexray_batch_texts}), queue depth ({@code lexray_queue_texts}, {@code lexray_queue_requests}) and the JVM's
 * memory, so that a long run can be watched staying flat.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchTexts;

    ServerMetrics() {
        batchTexts = DistributionSummary.builder("lexray.batch.texts")
                .description("Texts explained or predicted in one merged batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
    }

    /** Reports the queue depth from these suppliers. */
    void queue(Supplier<Number> texts, Supplier<Number> requests) {
        Gauge.builder("lexray.queue.texts", texts).description("Texts waiting for a worker").register(registry);
        Gauge.builder("lexray.queue.requests", requests).description("Requests waiting for a worker")
                .register(registry);
    }

    void request(String route, String method, int status, long nanos) {
        Timer.builder("lexray.http.requests").description("HTTP requests by route, method and status")
                .tags("route", route, "method", method, "status", String.valueOf(status))
                .serviceLevelObjectives(ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
                        ms(2500), ms(5000), ms(10_000), ms(30_000))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    void batch(int texts) {
        batchTexts.record(texts);
    }

    String scrape() {
        return registry.scrape();
    }
}
