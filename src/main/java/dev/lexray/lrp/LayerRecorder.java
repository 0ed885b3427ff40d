package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lexray.model.DecoderLayerStep;
import dev.lexray.model.DenseStep;
import dev.lexray.model.DirectionTrace;
import dev.lexray.model.EmbeddingStep;
import dev.lexray.model.EncoderLayerStep;
import dev.lexray.model.Gpt2LayerStep;
import dev.lexray.model.NormStep;
import dev.lexray.model.PoolingStep;
import dev.lexray.model.RecurrentStep;
import dev.lexray.model.Step;
import dev.lexray.model.TransformerEmbeddingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the relevance inside the network as {@link Lrp} passes it down, layer by layer from the output to the
 * embedding: what entered each layer, what it absorbed, and on request the relevance per attention head, per token
 * position and per hidden unit. Every value is copied into plain Java arrays at once, because the propagation frees
 * a layer's tensors as soon as relevance has passed below it. One recorder serves one {@link Lrp#explain} call.
 */
public final class LayerRecorder {
    /**
     * One layer, per text of the batch ({@code [B]} or {@code [B][n]}).
     *
     * @param relevanceSum the relevance that entered the layer (at its output)
     * @param absorbed what biases and stabilisers kept there: entered minus handed down minus initial states
     * @param initialState what the layer's initial recurrent states took (null for other layers)
     * @param attention transformer layers: the relevance the residual sum gave the attention branch (else null)
     * @param heads transformer layers: the relevance through each head, at its queries, keys and values
     * @param positions the relevance per token position that entered the layer (null unless asked, or for layers
     *     without a time axis at their output)
     * @param units dense and recurrent layers: per hidden unit the relevance that entered it, summed over time
     *     (null unless asked)
     * @param activations the units' activations (recurrent: the mean over the text's tokens)
     * @param drivers recurrent layers: per unit the token position where it received the largest |relevance|
     */
    public record Layer(String name, String kind, double[] relevanceSum, double[] absorbed, double[] initialState,
            double[] attention, double[][] heads, double[][] positions, double[][] units, double[][] activations,
            int[][] drivers) {}

    private final boolean positions;
    private final boolean units;
    private final List<Layer> layers = new ArrayList<>();
    private double[] attention;
    private double[][] heads;

    /**
     * @param positions record the relevance per token position after every layer
     * @param units record the relevance and activation of every hidden unit of dense and recurrent layers
     */
    public LayerRecorder(boolean positions, boolean units) {
        this.positions = positions;
        this.units = units;
    }

    /** The layers recorded so far, from the output down. */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /**
     * The attention block of the layer being propagated: {@code branch [B,T,H]} the relevance the residual gave it,
     * and per head the relevance at the head's queries, keys and values {@code [B,h,T,d]} (queries and keys null
     * under CP-LRP). Called by the transformer propagations before {@link #layer}.
     */
    void attention(NDArray branch, NDArray queries, NDArray keys, NDArray values) {
        attention = doubles(branch.sum(new int[] {1, 2}));
        NDArray perHead = values.sum(new int[] {2, 3});
        if (queries != null) {
            perHead = perHead.add(queries.sum(new int[] {2, 3})).add(keys.sum(new int[] {2, 3}));
        }
        heads = rows(perHead);
    }

    /**
     * One layer done: {@code above} entered it, {@code below} it handed down ({@code [B,T]} per token for the
     * embedding), {@code initial} {@code [B]} what its initial states took (null for none).
     */
    void layer(Step step, NDArray above, NDArray below, NDArray initial) {
        double[] in = total(above);
        double[] out = total(below);
        double[] init = initial == null ? null : doubles(initial);
        double[] absorbed = new double[in.length];
        for (int b = 0; b < in.length; b++) {
            absorbed[b] = in[b] - out[b] - (init == null ? 0 : init[b]);
        }
        double[][] pos = positions && above.getShape().dimension() == 3 ? rows(above.sum(new int[] {2})) : null;
        double[][] relevance = null;
        double[][] activation = null;
        int[][] drivers = null;
        if (units && step instanceof DenseStep dense) {
            relevance = rows(above);
            activation = rows(dense.output());
        } else if (units && step instanceof RecurrentStep recurrent) {
            relevance = rows(above.sum(new int[] {1}));
            NDArray mask = recurrent.mask().expandDims(2); // [B,T,1]
            activation = rows(recurrent.output().mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1})));
            drivers = ints(above.abs().argMax(1));
        }
        layers.add(new Layer(step.layerName(), kind(step), in, absorbed, init, attention, heads, pos, relevance,
                activation, drivers));
        attention = null;
        heads = null;
    }

    /** The layer kinds as the JSON spells them. */
    static String kind(Step step) {
        if (step instanceof DenseStep) {
            return "dense";
        } else if (step instanceof PoolingStep p) {
            return "pooling-" + p.layer().kind().name().toLowerCase(Locale.ROOT);
        } else if (step instanceof RecurrentStep r) {
            return r.directions().get(0) instanceof DirectionTrace.Lstm ? "lstm" : "gru";
        } else if (step instanceof EncoderLayerStep) {
            return "encoder";
        } else if (step instanceof DecoderLayerStep) {
            return "decoder";
        } else if (step instanceof Gpt2LayerStep) {
            return "gpt2-block";
        } else if (step instanceof NormStep n) {
            return n.rmsNorm() != null ? "rms-norm" : "layer-norm";
        } else if (step instanceof TransformerEmbeddingStep || step instanceof EmbeddingStep) {
            return "embedding";
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private static double[] total(NDArray x) {
        int[] axes = new int[x.getShape().dimension() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return doubles(axes.length == 0 ? x : x.sum(axes));
    }

    private static double[] doubles(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[][] rows(NDArray x) {
        int b = (int) x.getShape().get(0);
        double[] flat = doubles(x);
        int n = flat.length / b;
        double[][] out = new double[b][n];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * n, out[i], 0, n);
        }
        return out;
    }

    private static int[][] ints(NDArray x) {
        int b = (int) x.getShape().get(0);
        long[] flat = x.toType(DataType.INT64, false).toLongArray();
        int n = flat.length / b;
        int[][] out = new int[b][n];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = (int) flat[i * n + j];
            }
        }
        return out;
    }
}
