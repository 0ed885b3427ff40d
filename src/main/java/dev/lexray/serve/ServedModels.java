package dev.lexray.serve;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.report.PageAssets;
import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models a server serves, by name (each directory's name), loaded once and shared by every request. */
final class ServedModels implements AutoCloseable {
    /**
     * One served model and what {@code GET /v1/models} says of it.
     *
     * @param model the loaded model (thread-safe)
     * @param info name, labels, architecture, model card summary, load warnings
     */
    record Served(LexrayModel model, Map<String, Object> info) {}

    private final Map<String, Served> byName = new LinkedHashMap<>();

    /**
     * Loads every directory.
     *
     * @throws LexrayException when one cannot be loaded or two share a name
     */
    ServedModels(List<Path> directories) {
        try {
            for (Path dir : directories) {
                LexrayModel m = Lexray.load(dir);
                if (byName.containsKey(m.name())) {
                    m.close();
                    throw new LexrayException("two models are named '" + m.name() + "' (" + dir + "): a model is "
                            + "served under its directory's name, so give each a directory of its own name");
                }
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("name", m.name());
                info.put("labels", m.labels());
                info.put("architecture", m.architecture());
                info.put("recurrent", m.isRecurrent());
                info.put("model_card", PageAssets.modelCardSummary(dir));
                info.put("warnings", m.warnings());
                byName.put(m.name(), new Served(m, info));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @throws ApiException 404 for a name no model has */
    Served get(String name) {
        Served s = byName.get(name);
        if (s == null) {
            throw new ApiException(404, "unknown_model", "no model is named '" + name + "': this server serves "
                    + String.join(", ", byName.keySet()) + " (GET /v1/models lists them)");
        }
        return s;
    }

    List<Map<String, Object>> infos() {
        List<Map<String, Object>> out = new ArrayList<>();
        byName.values().forEach(s -> out.add(s.info()));
        return out;
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public void close() {
        byName.values().forEach(s -> s.model().close());
    }
}
