package dev.lexray.serve;

import dev.lexray.report.PageAssets;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The live page at {@code /}: static HTML, its script and its styles, served from this server only under a strict
 * Content-Security-Policy (nothing inline, nothing from elsewhere, fetches to this origin only). The styles are the
 * HTML report's (report.css and the colour scale's classes, {@link PageAssets}) plus a few of the page's own; the
 * colour scale in JavaScript is the report's scale.js. The script puts every text into the page with
 * {@code textContent}, never as markup.
 */
final class LivePage {
    /** What the page may do: its own script and styles, requests to this server; nothing else. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** A file under {@code /assets/}. */
    record Asset(String contentType, byte[] bytes) {}

    private static final String HTML = resource("live.html");
    private static final String OPENAPI = resource("openapi.json");
    private final Map<String, Asset> assets = Map.of(
            "lexray.css", new Asset("text/css; charset=utf-8", utf8(PageAssets.css() + resource("live.css"))),
            "scale.js", new Asset("text/javascript; charset=utf-8", utf8(PageAssets.scaleScript())),
            "live.js", new Asset("text/javascript; charset=utf-8", utf8(resource("live.js"))));

    static String html() {
        return HTML;
    }

    /** The OpenAPI document of the API (kept in the repository beside this class's resources). */
    static String openApi() {
        return OPENAPI;
    }

    Asset asset(String name) {
        return assets.get(name);
    }

    void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/lexray/serve/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
