package dev.lexray.model;

import dev.lexray.runtime.LexrayException;
import java.util.Set;

/**
 * torch's {@code nn.LSTM}/{@code nn.GRU} ({@code num_layers} stacked, uni- or bidirectional), time pooling and a
 * linear classifier: {@code lstm}, {@code bilstm}, {@code gru}, {@code bigru}.
 */
record RecurrentArchitecture(String name, RecurrentLayer.Cell cell, boolean bidirectional)
        implements WordLevelArchitecture {
    @Override
    public void addLayers(WordLevelConfig config, int embeddingDim, int numLabels, Set<String> stored,
            LayerPlan plan) {
        ModelConfig c = config.values();
        int hidden = config.positive("hidden_size", c.hiddenSize());
        int numLayers = c.numLayers() == null ? 1 : config.positive("num_layers", c.numLayers());
        int directions = bidirectional ? 2 : 1;
        int rows = cell.gates() * hidden;
        String lastLayer = cell.prefix() + ".weight_ih_l" + (numLayers - 1);
        if (numLayers > 1 && stored != null && !stored.contains(lastLayer)) { // before building layers: the config may be hostile
            throw new LexrayException(config.file().resolveSibling("model.safetensors") + " lacks tensor " + lastLayer
                    + " (config.json says num_layers " + numLayers + ")");
        }
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? embeddingDim : directions * hidden;
            RecurrentLayer layer = new RecurrentLayer(cell.prefix() + "." + k, cell, k, bidirectional, in, hidden);
            for (int d = 0; d < directions; d++) {
                boolean rev = d == 1;
                plan.expect(layer.parameterName("weight_ih", rev), rows, in);
                plan.expect(layer.parameterName("weight_hh", rev), rows, hidden);
                plan.expect(layer.parameterName("bias_ih", rev), rows);
                plan.expect(layer.parameterName("bias_hh", rev), rows);
            }
            plan.add(layer);
        }
        TimePooling.Kind pooling = config.parse(() -> TimePooling.Kind.parse(c.pooling(), TimePooling.Kind.FINAL));
        if (pooling == TimePooling.Kind.SUM) {
            throw new LexrayException(config.file() + ": recurrent models pool with \"final\", \"mean\" or \"max\"");
        }
        plan.add(new TimePooling("pooling", pooling, hidden, bidirectional));
        plan.add(plan.dense("classifier", "classifier", numLabels, directions * hidden, null));
    }
}
