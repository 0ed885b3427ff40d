package dev.lexray.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.LineError;
import dev.lexray.OnError;
import dev.lexray.TextOutcome;
import dev.lexray.runtime.LexrayException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * {@code lexray serve}: the HTTP service over the public API (Javalin 7 on Jetty 12). Answers
 * {@code POST /v1/models/{name}/explain} and {@code /predict} with exactly the JSON objects the CLI prints (the same
 * {@link LexrayJson} serialiser), merging concurrent requests into batches ({@link Batcher}); serves the live page
 * at {@code /}, {@code /healthz}, {@code /readyz}, {@code /openapi.json} and {@code /metrics}.
 *
 * <p>Every answer other than success is {@code {"error": {"code", "message"}}} with its status; none carries a
 * stack trace. {@link #close()} is the graceful shutdown: new work is refused (503), accepted work is finished and
 * answered, then the port is closed and the models freed.
 */
public final class LexrayServer implements AutoCloseable {
    private static final String JSON = "application/json; charset=utf-8";
    private static final String ROUTE = "lexray.route";
    private static final String START = "lexray.start";

    private final ServeOptions options;
    private final ServedModels models;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Batcher batcher;
    private final LivePage page = new LivePage();
    private final byte[] token;
    private final Javalin app;
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean draining;
    private boolean closed;

    private LexrayServer(ServeOptions options) {
        this.options = options;
        this.token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
        this.models = new ServedModels(options.models());
        this.batcher = new Batcher(options.batching(), options.limits().queueTexts(), metrics::batch);
        metrics.queue(batcher::queuedTexts, batcher::queuedRequests);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = options.limits().maxBodyBytes();
            config.http.asyncTimeout = 0; // our own timeout answers first (see submit)
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.jetty.modifyServer(server -> {
                // Waits, on stop, for the requests in flight to be written out (Javalin attaches inside it).
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(options.limits().drain().toMillis() + 5_000);
            });
            // Jetty's parser caches header fields per connection and by default matches their values ignoring case,
            // so "Bearer Secret" could be read as an earlier "Bearer secret" on a kept-alive connection: a bearer
            // token must be compared as sent.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            config.routes.before(this::before);
            config.routes.after(this::after);
            config.routes.get("/", named("/", this::livePage));
            config.routes.get("/assets/{file}", named("/assets/{file}", this::asset));
            config.routes.get("/healthz", named("/healthz", ctx -> json(ctx, 200, "{\"status\":\"ok\"}")));
            config.routes.get("/readyz", named("/readyz", this::ready));
            config.routes.get("/openapi.json", named("/openapi.json", ctx -> json(ctx, 200, LivePage.openApi())));
            config.routes.get("/metrics", named("/metrics", ctx -> ctx.contentType(
                    "text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
            config.routes.get("/v1/models", named("/v1/models", ctx -> json(ctx, 200,
                    LexrayJson.toLine(Map.of("models", models.infos())))));
            config.routes.get("/v1/models/{name}", named("/v1/models/{name}", ctx -> json(ctx, 200,
                    LexrayJson.toLine(models.get(ctx.pathParam("name")).info()))));
            config.routes.post("/v1/models/{name}/explain", named("/v1/models/{name}/explain", ctx -> work(ctx, true)));
            config.routes.post("/v1/models/{name}/predict", named("/v1/models/{name}/predict", ctx -> work(ctx, false)));
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, new ApiException(
                    e.getStatus(), e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(),
                    e.getStatus() == 404 ? "no such route: " + ctx.method() + " " + ctx.path()
                            + " (GET /openapi.json describes the API)" : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> error(ctx, new ApiException(500, "internal",
                    "internal error (" + e.getClass().getSimpleName() + "); the server logs nothing more: report it")));
        });
    }

    /**
     * Loads the models and starts listening.
     *
     * @throws LexrayException when a model cannot be loaded or the port cannot be bound
     */
    public static LexrayServer start(ServeOptions options) {
        LexrayServer s = new LexrayServer(options);
        try {
            s.app.start();
        } catch (RuntimeException e) {
            s.models.close();
            s.batcher.close();
            throw new LexrayException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + rootMessage(e) + " (is another server on that port? try --port 0 for a free one)", e);
        }
        return s;
    }

    /** The port listened on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port();
    }

    /** Requests waiting for a worker (for tests that need the server busy). */
    int queuedRequests() {
        return batcher.queuedRequests();
    }

    /** Requests queued since the start (for tests that need to know what was accepted). */
    long acceptedRequests() {
        return accepted.get();
    }

    /** The names of the served models, in the order given. */
    public List<String> modelNames() {
        return models.names();
    }

    /**
     * Graceful shutdown: refuses new work (503 {@code shutting_down}), finishes and answers every accepted request
     * (waiting at most the drain limit), closes the port and frees the models. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        try {
            batcher.drain(options.limits().drain().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        batcher.close();
        models.close();
    }

    // ------------------------------------------------------------------ the API

    private void work(Context ctx, boolean explains) throws Exception {
        if (draining) {
            throw new ApiException(503, "shutting_down", "the server is shutting down: send the request to "
                    + "another instance, or again once it is back", null, 5);
        }
        ServedModels.Served served = models.get(ctx.pathParam("name"));
        ApiRequest request = ApiRequest.parse(body(ctx), options.limits());
        ApiRequest.Settings settings = request.settings(served.model(), explains);
        LexrayModel model = served.model();
        Function<List<String>, List<? extends TextOutcome<?>>> run = explains
                ? texts -> model.explainEach(texts, settings.options())
                : texts -> model.predictEach(texts, settings.options());
        CompletableFuture<List<TextOutcome<?>>> future;
        try {
            future = batcher.submit(new Batcher.Key(model.name(), settings.key(), lengthClass(request.texts())),
                    request.texts(), run);
        } catch (Batcher.Rejected r) {
            throw r.shuttingDown
                    ? new ApiException(503, "shutting_down", "the server is shutting down", null, 5)
                    : new ApiException(429, "queue_full", "the queue is full (" + options.limits().queueTexts()
                            + " texts): retry after the Retry-After seconds", null, 1);
        }
        accepted.incrementAndGet();
        future.orTimeout(options.limits().timeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.future(() -> future.handle((outcomes, failure) -> {
            if (failure != null) {
                error(ctx, failure(failure));
            } else {
                answer(ctx, request, outcomes, model.name());
            }
            return null;
        }));
    }

    /**
     * Requests merge only with requests of about the same length (their longest texts within a factor of two, in
     * characters): a merged batch is padded to its longest text, and one long text would make a batch of short ones
     * as slow as that many long ones. The model sorts what it is given by length too; this keeps the merging from
     * undoing it.
     */
    static int lengthClass(List<String> texts) {
        int longest = 1;
        for (String t : texts) {
            longest = Math.max(longest, t.length());
        }
        return Integer.SIZE - Integer.numberOfLeadingZeros(longest / 32);
    }

    private void answer(Context ctx, ApiRequest request, List<TextOutcome<?>> outcomes, String model) {
        List<String> lines = new ArrayList<>(outcomes.size());
        for (TextOutcome<?> o : outcomes) {
            if (o instanceof TextOutcome.Success<?> s) {
                lines.add(LexrayJson.toLine(s.result()));
            } else if (o instanceof TextOutcome.Failure<?> f) {
                if (request.onError() == OnError.FAIL) {
                    error(ctx, new ApiException(400, "bad_text", "text " + f.index() + ": " + f.error()
                            + " (send \"on_error\": \"record\" to get the others' results)", (int) f.index(), null));
                    return;
                }
                // The CLI's record: 1-based position, as `lexray explain --text ... --on-error record` prints it.
                lines.add(LexrayJson.toLine(new LineError((int) f.index() + 1, f.text(), f.error())));
            }
        }
        json(ctx, 200, "{\"model\":" + LexrayJson.toLine(model) + ",\"results\":[" + String.join(",", lines) + "]}");
    }

    private ApiException failure(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof TimeoutException) {
            return new ApiException(503, "timeout", "the request did not finish within "
                    + options.limits().timeout().toMillis() + " ms: the server is busy; retry later or send fewer "
                    + "texts", null, 1);
        }
        if (c instanceof LexrayException e) {
            return ApiException.badRequest(e.getMessage());
        }
        return new ApiException(500, "internal", "internal error (" + c.getClass().getSimpleName() + ")");
    }

    /** The body, read at most to the limit (a missing or false Content-Length cannot get past it). */
    private byte[] body(Context ctx) throws IOException {
        long max = options.limits().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(-1);
            }
            return bytes;
        }
    }

    private ApiException tooLarge(long size) {
        return new ApiException(413, "body_too_large", "the body " + (size >= 0 ? "has " + size + " bytes" :
                "is larger than the limit") + "; at most " + options.limits().maxBodyBytes() + " bytes per request: "
                + "send fewer texts per request");
    }

    private void ready(Context ctx) {
        if (draining) {
            json(ctx, 503, "{\"status\":\"shutting_down\"}");
        } else {
            json(ctx, 200, LexrayJson.toLine(Map.of("status", "ready", "models", models.names())));
        }
    }

    private void livePage(Context ctx) {
        page.headers(ctx);
        ctx.contentType("text/html; charset=utf-8").result(LivePage.html());
    }

    private void asset(Context ctx) {
        LivePage.Asset a = page.asset(ctx.pathParam("file"));
        if (a == null) {
            throw new ApiException(404, "not_found", "no such asset: " + ctx.pathParam("file"));
        }
        page.headers(ctx);
        ctx.contentType(a.contentType()).result(a.bytes());
    }

    // ------------------------------------------------------------------ around every request

    private void before(Context ctx) {
        ctx.attribute(START, System.nanoTime());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        String path = ctx.path();
        if (token != null && (path.startsWith("/v1/") || path.equals("/v1") || path.equals("/metrics"))) {
            String auth = ctx.header("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ")
                    ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) { // constant time: the token is not guessed byte by byte
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "unauthorized", auth == null
                        ? "this server needs a token: send the header 'Authorization: Bearer <token>'"
                        : "the bearer token is wrong");
            }
        }
    }

    private void after(Context ctx) {
        Long start = ctx.attribute(START);
        String route = ctx.attribute(ROUTE);
        if (start != null) {
            metrics.request(route == null ? "unmatched" : route, ctx.method().name(), ctx.statusCode(),
                    System.nanoTime() - start);
        }
    }

    private static Handler named(String route, Handler h) {
        return ctx -> {
            ctx.attribute(ROUTE, route);
            h.handle(ctx);
        };
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    private static void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code());
        err.put("message", e.getMessage());
        if (e.index() != null) {
            err.put("index", e.index());
        }
        ObjectNode body = LexrayJson.mapper().createObjectNode();
        body.set("error", LexrayJson.mapper().valueToTree(err));
        json(ctx, e.status(), LexrayJson.toLine(body));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
