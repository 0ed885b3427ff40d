package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Kim's (2014) convolutions over word embeddings: one torch {@code nn.Conv1d} per filter width {@code k}
 * ({@code weight [F,E,k]}, {@code bias [F]}, no padding, stride 1), an element-wise activation, then max (Kim) or
 * mean over the windows of each filter, the filters' pooled values concatenated into {@code [B, F * widths]}.
 *
 * <p>Padding: each text runs as if alone, its embeddings zero-padded on the right to the widest filter when it is
 * shorter (so a one-word text has one window per filter); windows that reach into the batch's padding beyond that
 * take no part in the pooling, so a text scores the same in any batch. In PyTorch terms: the text's embeddings
 * ({@code [1,E,T]}), {@code F.pad} to {@code max(T, widest)} with zeros, {@code conv}, activation, {@code max} (or
 * {@code mean}) over time.
 *
 * @param filters one per width, named {@code convs.0}, {@code convs.1}, ... as composites match them
 */
public record ConvolutionLayer(String name, List<Filter> filters, DenseLayer.Activation activation,
        TimePooling.Kind pooling) implements Layer {
    /** Keeps losing windows out of the maximum while gradients stay finite (as {@link TimePooling} does). */
    private static final double PADDING_PENALTY = 1e9;

    /** One {@code nn.Conv1d} of width {@code width}. */
    public record Filter(String name, String weightName, String biasName, int width) {}

    public ConvolutionLayer {
        filters = List.copyOf(filters);
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("a convolution layer needs at least one filter width");
        }
        if (pooling != TimePooling.Kind.MAX && pooling != TimePooling.Kind.MEAN) {
            throw new IllegalArgumentException("convolutions pool with max or mean, not " + pooling);
        }
    }

    /** The widest filter: shorter texts are zero-padded to it. */
    public int widest() {
        return filters.stream().mapToInt(Filter::width).max().orElseThrow();
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Filter f : filters) {
            names.add(f.weightName());
            names.add(f.biasName());
        }
        return names;
    }

    @Override
    public ConvolutionStep forward(NDArray input, ForwardContext context) {
        SequenceBatch batch = context.batch();
        Shape s = input.getShape(); // [B,T,E]
        long b = s.get(0);
        long t = s.get(1);
        long e = s.get(2);
        int widest = widest();
        // The batch's padding becomes zero vectors (the [PAD] row may be anything), then short batches are padded.
        NDArray x = input.mul(batch.mask().expandDims(2));
        if (t < widest) {
            x = x.concat(x.getManager().zeros(new Shape(b, widest - t, e), x.getDataType()), 1);
        }
        long span = Math.max(t, widest);
        int[] lengths = batch.lengths();
        List<ConvolutionStep.FilterStep> steps = new ArrayList<>(filters.size());
        NDList pooled = new NDList();
        for (Filter f : filters) {
            int k = f.width();
            long windows = span - k + 1;
            NDArray weight = context.parameters().get(f.weightName(), context.dtype()); // [F,E,k]
            long count = weight.getShape().get(0);
            NDArray flat = context.parameters().derived(f.weightName() + ".flat", context.dtype(),
                    () -> weight.reshape(count, e * k)); // index e*k + j, as the window below
            NDArray bias = context.parameters().get(f.biasName(), context.dtype());
            NDList shifted = new NDList(k);
            for (int j = 0; j < k; j++) {
                shifted.add(x.get(new NDIndex().addAllDim().addSliceDim(j, j + windows)));
            }
            // patches[b,w,e*k+j] = x[b,w+j,e]: each window as the input of one linear map
            NDArray patches = NDArrays.stack(shifted, 3).reshape(b, windows, e * k);
            NDArray z = patches.matMul(flat.transpose()).add(bias); // [B,W,F]
            NDArray activated = activation.forward(z, context.detachForGradient());
            float[] valid = new float[Math.toIntExact(b * windows)];
            float[] counts = new float[Math.toIntExact(b)];
            for (int i = 0; i < b; i++) {
                long own = Math.max(lengths[i], widest) - k + 1; // the text's windows when it runs alone
                counts[i] = own;
                for (int w = 0; w < own; w++) {
                    valid[Math.toIntExact(i * windows + w)] = 1f;
                }
            }
            NDArray validMask = x.getManager().create(valid, new Shape(b, windows, 1))
                    .toType(context.dtype(), false);
            NDArray out;
            NDArray argmax = null;
            if (pooling == TimePooling.Kind.MAX) {
                NDArray masked = activated.add(validMask.sub(1).mul(PADDING_PENALTY));
                argmax = masked.argMax(1);
                out = masked.max(new int[] {1});
            } else {
                NDArray n = x.getManager().create(counts, new Shape(b, 1)).toType(context.dtype(), false);
                out = activated.mul(validMask).sum(new int[] {1}).div(n);
            }
            pooled.add(out);
            steps.add(new ConvolutionStep.FilterStep(f, patches, flat, bias, z, activated, validMask, argmax, out));
        }
        NDArray output = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(pooled, 1);
        return new ConvolutionStep(this, input, x, steps, output);
    }
}
