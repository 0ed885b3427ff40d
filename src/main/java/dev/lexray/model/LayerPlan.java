package dev.lexray.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an architecture lays out: its layers in forward order and the tensors they read, name to shape, in the
 * order the loader checks them (the first mismatch is the one reported).
 */
public final class LayerPlan {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, long[]> expected;

    /** @param expected receives every tensor the layers read (the caller's map, so it can keep filling it) */
    public LayerPlan(Map<String, long[]> expected) {
        this.expected = expected;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Expects a tensor of this shape in the weights file. */
    public void expect(String tensor, long... shape) {
        expected.put(tensor, shape);
    }

    public void add(Layer layer) {
        layers.add(layer);
    }

    /** A torch {@code Linear} {@code <prefix>.weight [out,in]} + {@code <prefix>.bias [out]}, named for rules. */
    public DenseLayer dense(String name, String prefix, int out, int in, DenseLayer.Activation act) {
        expect(prefix + ".weight", out, in);
        expect(prefix + ".bias", out);
        return new DenseLayer(name, prefix + ".weight", prefix + ".bias",
                act == null ? DenseLayer.Activation.IDENTITY : act);
    }

    /** A torch {@code LayerNorm} over {@code size} features. */
    public LayerNorm norm(String prefix, int size, double eps) {
        expect(prefix + ".weight", size);
        expect(prefix + ".bias", size);
        return new LayerNorm(prefix + ".weight", prefix + ".bias", eps);
    }
}
