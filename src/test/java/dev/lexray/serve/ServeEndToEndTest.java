package dev.lexray.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.LexrayJson;
import dev.lexray.cli.LexrayCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server end to end on a free loopback port with the shipped SST-2 BiLSTM: concurrent requests (merged into
 * batches) answer exactly what {@code lexray explain} and {@code lexray predict} print for the same texts and
 * settings; bad requests get the right status and a JSON error; overload, timeouts and a shutdown while busy
 * behave. Every load here is bounded in count and time and targets 127.0.0.1 only.
 */
@Timeout(300)
class ServeEndToEndTest {
    static final Path MODEL = Path.of("models/sentiment-bilstm-sst2");
    static final String NAME = "sentiment-bilstm-sst2";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static LexrayServer server;
    static List<String> texts;

    @BeforeAll
    static void start() throws IOException {
        texts = new ArrayList<>(Files.readAllLines(Path.of("corpora/demo/reviews.txt")).stream()
                .filter(l -> !l.isBlank()).limit(14).toList());
        texts.add("Ünïcödé naïveté, 😀 emoji and CJK 電影 — still good?");
        texts.add("<script>alert('x')</script> bad & \"quoted\" film");
        server = LexrayServer.start(ServeOptions.defaults(List.of(MODEL)).withPort(0)
                .withLimits(new ServeOptions.Limits(64 * 1024, 8, 2000, Duration.ofSeconds(60), 256,
                        Duration.ofSeconds(30))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ answers equal the CLI's

    /** A request's settings and the CLI options that mean the same. */
    record Setting(String json, List<String> cli) {}

    @Test
    void concurrentRequestsAnswerExactlyWhatTheCliPrints() throws Exception {
        String tuned = "{\"name\": \"epsilon\", \"parameters\": {\"epsilon\": 0.01, \"bias_factor\": 1.0}, "
                + "\"recurrent\": {\"epsilon\": 0.01, \"bias_factor\": 1.0}, \"attention\": {\"name\": \"cp-lrp\", "
                + "\"parameters\": {\"epsilon\": 0.01, \"bias_factor\": 1.0}}}";
        List<Setting> settings = List.of(
                new Setting("", List.of()),
                new Setting(", \"target\": \"negative\"", List.of("--target", "negative")),
                new Setting(", \"rule\": {\"name\": \"gamma\", \"parameters\": {\"gamma\": 0.5}}",
                        List.of("--rule", "gamma", "--gamma", "0.5")),
                new Setting(", \"method\": \"gradient-x-input\"", List.of("--method", "gradient-x-input")),
                new Setting(", \"precision\": \"float64\", \"rule\": " + tuned,
                        List.of("--precision", "float64", "--epsilon", "0.01", "--bias-factor", "1")));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            // Every setting's texts go in requests of 1 to 3 texts, all in flight at once.
            List<Future<JsonNode>> answers = new ArrayList<>();
            List<List<String>> asked = new ArrayList<>();
            List<Integer> settingOf = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++) {
                int size = 1 + s % 3;
                for (int i = 0; i < texts.size(); i += size) {
                    List<String> part = texts.subList(i, Math.min(texts.size(), i + size));
                    String body = "{\"texts\": " + LexrayJson.toLine(part) + settings.get(s).json() + "}";
                    answers.add(clients.submit(() -> ok(post("/explain", body))));
                    asked.add(part);
                    settingOf.add(s);
                }
            }
            List<Future<JsonNode>> predictions = new ArrayList<>();
            for (int i = 0; i < texts.size(); i += 8) {
                String body = "{\"texts\": " + LexrayJson.toLine(texts.subList(i, Math.min(texts.size(), i + 8))) + "}";
                predictions.add(clients.submit(() -> ok(post("/predict", body))));
            }
            List<Map<String, String>> cli = new ArrayList<>();
            for (Setting s : settings) {
                cli.add(cliLines("explain", s.cli()));
            }
            int compared = 0;
            for (int r = 0; r < asked.size(); r++) {
                JsonNode answer = answers.get(r).get(120, TimeUnit.SECONDS);
                assertThat(answer.get("model").asText()).isEqualTo(NAME);
                ArrayNode results = (ArrayNode) answer.get("results");
                assertThat(results).hasSize(asked.get(r).size());
                for (int j = 0; j < results.size(); j++) {
                    String text = asked.get(r).get(j);
                    // float32 to its rounding; float64 (setting 4) to 1e-12, far below any digit that matters
                    assertSameJson(results.get(j), read(cli.get(settingOf.get(r)).get(text)),
                            "setting " + settingOf.get(r) + ", text " + text, settingOf.get(r) == 4 ? 1e-12 : 2e-6);
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(settings.size() * texts.size());
            Map<String, String> cliPredicted = cliLines("predict", List.of());
            int predicted = 0;
            for (Future<JsonNode> f : predictions) {
                for (JsonNode p : f.get(120, TimeUnit.SECONDS).get("results")) {
                    assertSameJson(p, read(cliPredicted.get(p.get("text").asText())), "predict " + p.get("text"),
                            2e-6);
                    predicted++;
                }
            }
            assertThat(predicted).isEqualTo(texts.size());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theRuleAnAnswerPrintsCanBeSentBack() throws Exception {
        JsonNode first = ok(post("/explain", "{\"texts\": [\"a charming film\"], \"rule\": {\"name\": \"alpha-beta\","
                + " \"parameters\": {\"alpha\": 2, \"beta\": 1}}}")).get("results").get(0);
        ObjectNode again = LexrayJson.mapper().createObjectNode();
        again.putArray("texts").add("a charming film");
        again.set("rule", first.get("rule"));
        JsonNode second = ok(post("/explain", again.toString())).get("results").get(0);
        assertThat(second).isEqualTo(first);
        assertThat(first.get("rule").get("name").asText()).isEqualTo("alpha-beta");
    }

    /**
     * The same JSON, field for field and in the same order, every string and integer equal, every real equal to
     * float32 rounding: libtorch's float32 kernels round differently for different batch shapes (the CLI's own
     * output changes in the last bits with its batch's company too), and a merged batch has other company than the
     * CLI's. Values computed in float64 agree far closer; a real difference in any relevance is orders larger.
     */
    static void assertSameJson(JsonNode actual, JsonNode expected, String where, double tol) {
        assertThat(actual.getNodeType()).as(where).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            assertThat(ImmutableNames.of(actual)).as(where).isEqualTo(ImmutableNames.of(expected));
            expected.fields().forEachRemaining(f -> assertSameJson(actual.get(f.getKey()), f.getValue(),
                    where + "." + f.getKey(), tol));
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(where).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameJson(actual.get(i), expected.get(i), where + "[" + i + "]", tol);
            }
        } else if (expected.isFloatingPointNumber() || actual.isFloatingPointNumber()) {
            double e = expected.asDouble();
            assertThat(actual.asDouble()).as(where).isCloseTo(e, org.assertj.core.data.Offset.offset(
                    tol * Math.max(1, Math.abs(e))));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    /** The field names of an object, in order. */
    static final class ImmutableNames {
        static List<String> of(JsonNode n) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    /** The objects {@code lexray CMD --text ...} prints, by text. */
    static Map<String, String> cliLines(String command, List<String> options) {
        List<String> args = new ArrayList<>(List.of(command, "-m", MODEL.toString(), "-q"));
        for (String t : texts) {
            args.add("--text");
            args.add(t);
        }
        args.addAll(options);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        Map<String, String> byText = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                byText.put(read(line).get("text").asText(), line);
            }
        }
        assertThat(byText).hasSize(texts.size());
        return byText;
    }

    // ------------------------------------------------------------------ bad requests

    @Test
    void badRequestsGetTheirStatusAndAJsonError() throws Exception {
        assertError(post("/explain", "{\"texts\": [\"good\""), 400, "bad_request", "not valid JSON");
        assertError(post("/explain", "[\"good\"]"), 400, "bad_request", "JSON object");
        assertError(post("/explain", "{\"text\": [\"good\"]}"), 400, "bad_request", "unknown field 'text'");
        assertError(post("/explain", "{\"texts\": []}"), 400, "bad_request", "non-empty array");
        assertError(post("/explain", "{\"texts\": [\"good\", 3]}"), 400, "bad_text", "text 1 is not a string");
        assertError(post("/explain", "{\"texts\": [\"good\"], \"rule\": {\"name\": \"nonsense\"}}"), 400,
                "bad_request", "unknown rule 'nonsense'");
        assertError(post("/explain", "{\"texts\": [\"good\"], \"method\": \"magic\"}"), 400, "bad_request", "magic");
        assertError(post("/explain", "{\"texts\": [\"good\"], \"target\": \"neutral\"}"), 400, "bad_request",
                "unknown label 'neutral'");
        assertError(post("/explain", "{\"texts\": [\"good\"], \"target\": 7}"), 400, "bad_request", "out of range");
        assertError(post("/explain", "{\"texts\": [\"good\"], \"precision\": \"float16\"}"), 400, "bad_request",
                "float16");
        // A text the model cannot take is named by its index.
        HttpResponse<String> empty = post("/explain", "{\"texts\": [\"good\", \"   \", \"bad\"]}");
        assertError(empty, 400, "bad_text", "text 1: ");
        assertThat(read(empty.body()).get("error").get("index").asInt()).isEqualTo(1);
        // ... or recorded in its place, as --on-error record prints it.
        JsonNode recorded = ok(post("/explain", "{\"texts\": [\"good\", \"   \", \"bad\"], \"on_error\": \"record\"}"));
        assertThat(recorded.get("results")).hasSize(3);
        assertThat(recorded.get("results").get(1).get("line").asInt()).isEqualTo(2);
        assertThat(recorded.get("results").get(1).get("error").asText()).isNotBlank();
        assertThat(recorded.get("results").get(2).get("text").asText()).isEqualTo("bad");
        // Unknown model and route.
        assertError(send("POST", "/v1/models/nope/explain", "{\"texts\": [\"good\"]}", null), 404, "unknown_model",
                NAME);
        assertError(send("GET", "/v2/nothing", null, null), 404, "not_found", "GET /v2/nothing");
    }

    @Test
    void oversizeBodiesTextsAndCountsAre413() throws Exception {
        String big = "a".repeat(70 * 1024);
        assertError(post("/explain", "{\"texts\": [\"" + big + "\"]}"), 413, "body_too_large", "65536");
        // Without a Content-Length (chunked), the limit holds while reading.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/" + NAME + "/explain"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"texts\": [\"" + big + "\"]}").getBytes(StandardCharsets.UTF_8)))).build();
        assertError(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "body_too_large", "65536");
        HttpResponse<String> longText = post("/explain", "{\"texts\": [\"good\", \"" + "b".repeat(2001) + "\"]}");
        assertError(longText, 413, "text_too_large", "text 1 has 2001 characters");
        assertError(post("/explain", "{\"texts\": " + LexrayJson.toLine(List.of("a", "b", "c", "d", "e", "f", "g",
                "h", "i")) + "}"), 413, "too_many_texts", "at most 8");
    }

    // ------------------------------------------------------------------ the other routes

    @Test
    void modelsHealthReadinessOpenApiAndMetrics() throws Exception {
        JsonNode models = ok(send("GET", "/v1/models", null, null)).get("models");
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("name").asText()).isEqualTo(NAME);
        assertThat(models.get(0).get("labels").toString()).isEqualTo("[\"negative\",\"positive\"]");
        assertThat(models.get(0).get("architecture").asText()).isEqualTo("bilstm");
        assertThat(models.get(0).get("model_card").asText()).contains("bidirectional LSTM");
        assertThat(ok(send("GET", "/healthz", null, null)).get("status").asText()).isEqualTo("ok");
        assertThat(ok(send("GET", "/readyz", null, null)).get("models").get(0).asText()).isEqualTo(NAME);
        JsonNode openapi = ok(send("GET", "/openapi.json", null, null));
        assertThat(openapi.get("paths").has("/v1/models/{name}/explain")).isTrue();
        ok(post("/predict", "{\"texts\": [\"fine\"]}"));
        HttpResponse<String> metrics = send("GET", "/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("lexray_http_requests_seconds_count{method=\"POST\",route=\"/v1/models/"
                + "{name}/predict\",status=\"200\"}")
                .contains("lexray_batch_texts_count").contains("lexray_queue_texts").contains("jvm_memory_used_bytes");
        HttpResponse<String> page = send("GET", "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .isEqualTo(LivePage.CSP).contains("default-src 'none'").doesNotContain("unsafe");
        assertThat(page.body()).doesNotContain("http://", "https://").doesNotContain("<style").doesNotContain("style=");
        assertThat(send("GET", "/assets/lexray.css", null, null).body()).contains(".p10{background:#");
    }

    // ------------------------------------------------------------------ token, overload, timeout, shutdown

    @Test
    void aTokenFileGuardsTheApiAndMetrics() throws Exception {
        try (LexrayServer guarded = LexrayServer.start(ServeOptions.defaults(List.of(MODEL)).withPort(0)
                .withToken("s3cret-token"))) {
            String body = "{\"texts\": [\"good\"]}";
            String path = "/v1/models/" + NAME + "/predict";
            HttpResponse<String> none = send(guarded, "POST", path, body, null);
            assertError(none, 401, "unauthorized", "Authorization: Bearer");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertError(send(guarded, "POST", path, body, "Bearer wrong"), 401, "unauthorized", "wrong");
            assertError(send(guarded, "POST", path, body, "s3cret-token"), 401, "unauthorized", "wrong");
            assertError(send(guarded, "GET", "/metrics", null, "Bearer s3cret-tokeN"), 401, "unauthorized", "wrong");
            HttpResponse<String> right = send(guarded, "POST", path, body, "Bearer s3cret-token");
            assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
            assertThat(send(guarded, "GET", "/metrics", null, "Bearer s3cret-token").statusCode()).isEqualTo(200);
            // On the same kept-alive connection, a token differing only in case is still wrong.
            assertError(send(guarded, "POST", path, body, "Bearer S3CRET-TOKEN"), 401, "unauthorized", "wrong");
            assertError(send(guarded, "POST", path, body, "Bearer s3cret-tokeN"), 401, "unauthorized", "wrong");
            assertThat(send(guarded, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        }
    }

    /** Slow work: LIME with many samples, a fixed seed. */
    static String slow(int n, int samples) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(texts.get(i % texts.size()));
        }
        return "{\"texts\": " + LexrayJson.toLine(t) + ", \"method\": \"lime\", \"rule\": {\"name\": \"lime\", "
                + "\"parameters\": {\"samples\": " + samples + ", \"seed\": 1}}}";
    }

    @Test
    void underOverloadTheServerAnswers429WithRetryAfterAndStaysUp() throws Exception {
        try (LexrayServer small = LexrayServer.start(ServeOptions.defaults(List.of(MODEL)).withPort(0)
                .withLimits(new ServeOptions.Limits(1 << 20, 2, 10_000, Duration.ofSeconds(120), 4,
                        Duration.ofSeconds(60)))
                .withBatching(new ServeOptions.Batching(true, 4, Duration.ofMillis(5), 1)))) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(sendAsync(small, "/v1/models/" + NAME + "/explain", slow(2, 1500)));
            }
            int ok = 0;
            int rejected = 0;
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get(240, TimeUnit.SECONDS);
                if (r.statusCode() == 429) {
                    assertError(r, 429, "queue_full", "queue is full");
                    assertThat(r.headers().firstValue("Retry-After")).contains("1");
                    rejected++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(read(r.body()).get("results")).hasSize(2);
                    ok++;
                }
            }
            assertThat(rejected).as("with room for 2 requests of 2 texts, most of 16 are turned away").isPositive();
            assertThat(ok).isPositive();
            assertThat(send(small, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
            assertThat(send(small, "POST", "/v1/models/" + NAME + "/predict", "{\"texts\": [\"good\"]}", null)
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestPastItsTimeoutIs503AndTheServerGoesOn() throws Exception {
        try (LexrayServer hurried = LexrayServer.start(ServeOptions.defaults(List.of(MODEL)).withPort(0)
                .withLimits(new ServeOptions.Limits(1 << 20, 8, 10_000, Duration.ofMillis(300), 64,
                        Duration.ofSeconds(60))))) {
            HttpResponse<String> late = send(hurried, "POST", "/v1/models/" + NAME + "/explain", slow(6, 5000), null);
            assertError(late, 503, "timeout", "300 ms");
            assertThat(late.headers().firstValue("Retry-After")).isPresent();
            assertThat(send(hurried, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shutdownWhileBusyAnswersEveryAcceptedRequest() throws Exception {
        LexrayServer busy = LexrayServer.start(ServeOptions.defaults(List.of(MODEL)).withPort(0)
                .withBatching(new ServeOptions.Batching(false, 32, Duration.ofMillis(5), 1)));
        String url = busy.url();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(sendAsync(busy, "/v1/models/" + NAME + "/explain", slow(1, 400)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (busy.acceptedRequests() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(busy.acceptedRequests()).as("all six accepted").isEqualTo(6);
        assertThat(busy.queuedRequests()).as("most of them still waiting when the shutdown starts")
                .isGreaterThanOrEqualTo(3);
        busy.close(); // returns once every accepted request is answered and the port is closed
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f).isCompleted();
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(read(r.body()).get("results").get(0).get("method").asText()).isEqualTo("lime");
        }
        HttpRequest after = HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> HTTP.send(after, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<String> post(String route, String body) throws IOException, InterruptedException {
        return send("POST", "/v1/models/" + NAME + route, body, null);
    }

    static HttpResponse<String> send(String method, String path, String body, String auth)
            throws IOException, InterruptedException {
        return send(server, method, path, body, auth);
    }

    static HttpResponse<String> send(LexrayServer s, String method, String path, String body, String auth)
            throws IOException, InterruptedException {
        return HTTP.send(request(s, method, path, body, auth), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(LexrayServer s, String path, String body) {
        return HTTP.sendAsync(request(s, "POST", path, body, null), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(LexrayServer s, String method, String path, String body, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(240))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b.build();
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return read(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String code, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = read(r.body()).get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).contains(message).doesNotContain("\tat ", "Exception");
    }

    static JsonNode read(String json) {
        try {
            return LexrayJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
