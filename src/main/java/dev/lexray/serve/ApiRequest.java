package dev.lexray.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.ExplainOptions;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.OnError;
import dev.lexray.Precision;
import dev.lexray.RuleSettings;
import dev.lexray.Target;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.Composite;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/models/{name}/explain} and {@code /predict}:
 * {@code {"texts": [...], "target": ..., "method": ..., "rule": {...}, "precision": ..., "on_error": ...}}. The
 * settings are those of the CLI and the Java API, read through the same registry: {@code target} as
 * {@code --target} (a label, an index, {@code A-vs-B}), {@code method} as {@code --method}, {@code rule} the JSON
 * {@code rule} object an explanation prints ({@link RuleSettings}), so that an answer's settings can be sent back.
 *
 * @param texts the texts, in order
 * @param target the class to explain, in the CLI's form ("predicted" when absent)
 * @param method the attribution method's name ("lrp" when absent)
 * @param rule the rule settings, or null for the defaults
 * @param precision float32 or float64
 * @param onError fail (the whole request fails on a bad text) or record (an error object in its place)
 */
record ApiRequest(List<String> texts, String target, String method, RuleSettings rule, Precision precision,
        OnError onError) {
    private static final Set<String> FIELDS = Set.of("texts", "target", "method", "rule", "precision", "on_error");

    /** What a request asks of the model, ready to run, and the key that requests asking the same share. */
    record Settings(ExplainOptions options, String key) {}

    /**
     * Parses and checks a body against the limits.
     *
     * @throws ApiException 400 for malformed JSON or a bad field, 413 for too many texts or too long a text
     */
    static ApiRequest parse(byte[] body, ServeOptions.Limits limits) {
        JsonNode root;
        try {
            root = LexrayJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*$", "")
                    .replaceAll("\\s*at \\[Source.*$", "");
            throw ApiException.badRequest("the body is not valid JSON: " + why
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"texts\": [\"a text\"]}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "': use " + String.join(", ", FIELDS.stream()
                        .sorted().toList()));
            }
        }
        JsonNode texts = root.get("texts");
        if (texts == null || !texts.isArray() || texts.isEmpty()) {
            throw ApiException.badRequest("\"texts\" must be a non-empty array of strings");
        }
        if (texts.size() > limits.maxTexts()) {
            throw new ApiException(413, "too_many_texts", "the request has " + texts.size()
                    + " texts; at most " + limits.maxTexts() + " per request: send them in several requests");
        }
        List<String> list = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode t = texts.get(i);
            if (!t.isTextual()) {
                throw new ApiException(400, "bad_text", "text " + i + " is not a string", i, null);
            }
            if (t.textValue().length() > limits.maxChars()) {
                throw new ApiException(413, "text_too_large", "text " + i + " has " + t.textValue().length()
                        + " characters; at most " + limits.maxChars() + " per text", i, null);
            }
            list.add(t.textValue());
        }
        return new ApiRequest(list, string(root, "target", "predicted"), string(root, "method", "lrp"),
                rule(root.get("rule")), precision(string(root, "precision", "float32")),
                onError(string(root, "on_error", "fail")));
    }

    /**
     * The options this request asks of {@code model}, through the registry, and its batching key.
     *
     * @throws ApiException 400 for an unknown method, rule, parameter, label or class index
     */
    Settings settings(LexrayModel model, boolean explains) {
        try {
            AttributionMethod m = rule == null ? Methods.forName(method) : rule.toMethod(method);
            Composite composite = rule == null || !(m instanceof AttributionMethod.Lrp) ? Composite.defaults()
                    : rule.toComposite();
            Target t = Target.parse(target, model.labels());
            // One worker and one libtorch thread per batch: the server's own workers run batches side by side.
            ExplainOptions options = ExplainOptions.defaults().withMethod(m).withComposite(composite).withTarget(t)
                    .withPrecision(precision).withWorkers(1);
            if (explains) {
                model.explainEach(List.of(), options); // checks the target against the labels, explains nothing
            }
            String key = (explains ? "explain|" + LexrayJson.toLine(RuleSettings.of(m, composite)) + "|" + m.name()
                    + "|" + t : "predict") + "|" + precision;
            return new Settings(options, key);
        } catch (LexrayException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String string(JsonNode root, String field, String absent) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (field.equals("target") && n.isInt()) {
            return String.valueOf(n.intValue());
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return n.textValue();
    }

    private static RuleSettings rule(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ApiException.badRequest("\"rule\" must be an object such as {\"name\": \"epsilon\", "
                    + "\"parameters\": {\"epsilon\": 0.01}}, as an explanation's \"rule\" prints it");
        }
        if (!((ObjectNode) n).has("name")) {
            throw ApiException.badRequest("\"rule\" needs a \"name\" (e.g. epsilon, gamma, alpha-beta)");
        }
        try {
            return LexrayJson.mapper().treeToValue(n, RuleSettings.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("\"rule\" is not a rule setting: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    private static Precision precision(String p) {
        try {
            return Precision.parse(p);
        } catch (LexrayException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static OnError onError(String s) {
        return switch (s) {
            case "fail" -> OnError.FAIL;
            case "record" -> OnError.RECORD;
            default -> throw ApiException.badRequest("\"on_error\" must be fail or record, got '" + s + "'");
        };
    }
}
