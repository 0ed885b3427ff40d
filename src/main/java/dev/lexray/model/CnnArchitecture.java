package dev.lexray.model;

import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code cnn}: Kim's (2014) convolutional classifier. One torch {@code nn.Conv1d(embedding_dim, num_filters, k)} per
 * width in {@code filter_sizes} ({@code convs.{i}.weight [F,E,k]}, {@code convs.{i}.bias [F]}), {@code activation}
 * (default relu), max (default, as Kim) or mean over time, then {@code hidden_sizes} dense layers (named as the
 * embedding-bag MLP's, {@code mlp.0}, {@code mlp.2}, ...) and the classifier. Without {@code filter_sizes} and
 * {@code num_filters}, Kim's 3, 4, 5 and 100.
 */
final class CnnArchitecture implements WordLevelArchitecture {
    static final String NAME = "cnn";
    static final List<Integer> KIM_FILTER_SIZES = List.of(3, 4, 5);
    static final int KIM_NUM_FILTERS = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void addLayers(WordLevelConfig config, int embeddingDim, int numLabels, Set<String> stored,
            LayerPlan plan) {
        ModelConfig c = config.values();
        List<Integer> widths = c.filterSizes() == null ? KIM_FILTER_SIZES : c.filterSizes();
        if (widths.isEmpty()) {
            throw new LexrayException(config.file() + ": \"filter_sizes\" is empty; list the filter widths, e.g."
                    + " [3, 4, 5]");
        }
        int count = c.numFilters() == null ? KIM_NUM_FILTERS : config.positive("num_filters", c.numFilters());
        if ((long) count * widths.size() > WordLevelConfig.MAX_DIM) {
            throw new LexrayException(config.file() + ": " + widths.size() + " filter widths of " + count
                    + " filters each is more than " + WordLevelConfig.MAX_DIM + " features");
        }
        DenseLayer.Activation act = config.parse(() -> DenseLayer.Activation.parse(c.activation()));
        TimePooling.Kind pooling;
        try {
            pooling = TimePooling.Kind.parse(c.pooling(), TimePooling.Kind.MAX);
        } catch (LexrayException e) {
            pooling = null;
        }
        if (pooling != TimePooling.Kind.MAX && pooling != TimePooling.Kind.MEAN) {
            throw new LexrayException(config.file() + ": " + NAME + " pools over time with \"max\" (Kim) or \"mean\","
                    + " not \"" + c.pooling() + "\"");
        }
        List<ConvolutionLayer.Filter> filters = new ArrayList<>(widths.size());
        for (int i = 0; i < widths.size(); i++) {
            int k = config.positive("filter_sizes[" + i + "]", widths.get(i));
            String prefix = "convs." + i;
            plan.expect(prefix + ".weight", count, embeddingDim, k);
            plan.expect(prefix + ".bias", count);
            filters.add(new ConvolutionLayer.Filter(prefix, prefix + ".weight", prefix + ".bias", k));
        }
        plan.add(new ConvolutionLayer("convs", filters, act, pooling));
        List<Integer> sizes = c.hiddenSizes() == null ? List.of() : c.hiddenSizes();
        List<String> prefixes = BagMlpArchitecture.linearPrefixes(stored == null ? Set.of() : stored, sizes.size());
        int in = count * widths.size();
        for (int i = 0; i < sizes.size(); i++) {
            int out = config.positive("hidden_sizes[" + i + "]", sizes.get(i));
            String p = prefixes.get(i);
            plan.add(plan.dense(p, p, out, in, act));
            in = out;
        }
        plan.add(plan.dense("classifier", "classifier", numLabels, in, null));
    }
}
