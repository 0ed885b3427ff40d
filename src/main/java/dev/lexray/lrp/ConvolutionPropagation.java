package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.model.ConvolutionStep;
import dev.lexray.model.TimePooling;

/**
 * Kim's convolutions, max (or mean) over time, as zennit propagates them: a convolution is a linear map of each
 * window of {@code k} words, so whatever rule the composite gives a filter width ({@code convs.0}, ...) applies to
 * each window exactly as to a dense layer, with the window's {@code E*k} values as inputs (zennit's rules on
 * {@code nn.Conv1d} are the same sums). The activation passes relevance unchanged.
 *
 * <p>Max over time gives each filter's relevance to its winning window (winner takes all); mean over time splits it
 * over the text's windows in proportion to their activations, {@code a_w / n / s(y) R} (zennit's {@code Norm} as
 * for mean pooling, the stabiliser's share handed back evenly by the bias factor). The windows' relevance then goes
 * back to their words, where overlapping windows add up. Relevance falling on the zero padding of a text shorter
 * than the widest filter (with flat or w-square, or the bias factor's even share) is dropped, as that padding is no
 * word: the explanation's conservation line shows it as residual.
 */
final class ConvolutionPropagation {
    private ConvolutionPropagation() {}

    /**
     * @param relevanceOut {@code [B, F * widths]}, the pooled features' relevance
     * @param readsInput whether the convolutions are the input layer (they are whenever they read the embeddings)
     * @return the relevance of the embeddings {@code [B,T,E]}
     */
    static NDArray propagate(ConvolutionStep step, NDArray relevanceOut, Composite composite, boolean readsInput,
            double poolingBiasFactor) {
        NDArray padded = step.padded(); // [B,T',E]
        Shape s = padded.getShape();
        long b = s.get(0);
        long span = s.get(1);
        long e = s.get(2);
        NDArray total = null;
        long offset = 0;
        for (ConvolutionStep.FilterStep f : step.filters()) {
            long count = f.weight().getShape().get(0);
            NDArray r = relevanceOut.get(new NDIndex().addAllDim().addSliceDim(offset, offset + count)); // [B,F]
            offset += count;
            NDArray perWindow = pooled(step.layer().pooling(), f, r, poolingBiasFactor); // [B,W,F]
            long windows = perWindow.getShape().get(1);
            int k = f.filter().width();
            Rule rule = composite.ruleFor(f.filter().name(), readsInput);
            NDArray perInput = DensePropagation.linear(rule, f.patches(), f.weight(), f.bias(), f.z(), perWindow)
                    .reshape(b, windows, e, k);
            // Window w's entry j is word w + j: shift each j into place; overlapping windows add up.
            for (int j = 0; j < k; j++) {
                NDArray part = perInput.get(new NDIndex().addAllDim(3).addIndices(j)); // [B,W,E]
                NDList pieces = new NDList();
                if (j > 0) {
                    pieces.add(part.getManager().zeros(new Shape(b, j, e), part.getDataType()));
                }
                pieces.add(part);
                if (span - windows - j > 0) {
                    pieces.add(part.getManager().zeros(new Shape(b, span - windows - j, e), part.getDataType()));
                }
                NDArray placed = pieces.size() == 1 ? part : NDArrays.concat(pieces, 1);
                total = total == null ? placed : total.add(placed);
            }
        }
        long t = step.input().getShape().get(1);
        return t == span ? total : total.get(new NDIndex().addAllDim().addSliceDim(0, t));
    }

    /** The relevance of each filter's windows {@code [B,W,F]} from that of its pooled value {@code r [B,F]}. */
    private static NDArray pooled(TimePooling.Kind pooling, ConvolutionStep.FilterStep f, NDArray r,
            double biasFactor) {
        NDArray activated = f.activated(); // [B,W,F]
        if (pooling == TimePooling.Kind.MAX) {
            long windows = activated.getShape().get(1);
            NDArray positions = activated.getManager().arange(windows).toType(DataType.INT64, false)
                    .reshape(1, windows, 1);
            NDArray winner = positions.eq(f.argmax().expandDims(1)).toType(activated.getDataType(), false);
            return winner.mul(r.expandDims(1));
        }
        NDArray n = f.valid().sum(new int[] {1}); // [B,1]
        NDArray quotient = Tensors.divideZennit(r, f.output()).div(n);
        NDArray relevance = activated.mul(f.valid()).mul(quotient.expandDims(1));
        if (biasFactor != 0) {
            NDArray absorbed = r.sub(relevance.sum(new int[] {1})); // what the stabiliser kept, [B,F]
            relevance = relevance.add(absorbed.div(n).expandDims(1).mul(f.valid()).mul(biasFactor));
        }
        return relevance;
    }
}
