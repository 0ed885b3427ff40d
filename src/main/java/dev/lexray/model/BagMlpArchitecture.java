package dev.lexray.model;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** {@code embedding-bag-mlp}: pooled embeddings, then {@code hidden_sizes} dense layers, then the classifier. */
final class BagMlpArchitecture implements WordLevelArchitecture {
    static final String NAME = "embedding-bag-mlp";
    private static final Pattern MLP_WEIGHT = Pattern.compile("mlp\\.(\\d+)\\.weight");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void addLayers(WordLevelConfig config, int embeddingDim, int numLabels, Set<String> stored,
            LayerPlan plan) {
        ModelConfig c = config.values();
        TimePooling.Kind pooling = config.parse(() -> TimePooling.Kind.parse(c.pooling(), TimePooling.Kind.MEAN));
        if (pooling == TimePooling.Kind.FINAL) {
            throw new LexrayException(config.file() + ": " + NAME + " pools with \"mean\", \"sum\" or \"max\"");
        }
        plan.add(new TimePooling("pooling", pooling, embeddingDim, false));
        List<Integer> sizes = c.hiddenSizes() == null ? List.of() : c.hiddenSizes();
        DenseLayer.Activation act = config.parse(() -> DenseLayer.Activation.parse(c.activation()));
        List<String> prefixes = linearPrefixes(stored == null ? Set.of() : stored, sizes.size());
        int in = embeddingDim;
        for (int i = 0; i < sizes.size(); i++) {
            int out = config.positive("hidden_sizes[" + i + "]", sizes.get(i));
            String p = prefixes.get(i);
            plan.add(plan.dense(p, p, out, in, act));
            in = out;
        }
        plan.add(plan.dense("classifier", "classifier", numLabels, in, null));
    }

    /**
     * The Linear layers are numbered as in the PyTorch module (nn.Sequential puts activations in between), so take
     * the indices the file actually has, in order; mlp.0, mlp.1, ... when they do not match the config.
     */
    static List<String> linearPrefixes(Set<String> stored, int count) {
        TreeMap<Integer, String> found = new TreeMap<>();
        for (String name : stored) {
            Matcher m = MLP_WEIGHT.matcher(name);
            if (m.matches()) {
                found.put(Integer.parseInt(m.group(1)), "mlp." + m.group(1));
            }
        }
        List<String> prefixes = new ArrayList<>(found.values());
        return prefixes.size() == count ? prefixes : IntStream.range(0, count).mapToObj(i -> "mlp." + i).toList();
    }
}
