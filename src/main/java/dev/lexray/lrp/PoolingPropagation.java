package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.lexray.model.PoolingStep;
import dev.lexray.model.TimePooling;

/**
 * Pooling over time, whatever rule the dense layers use: mean and sum pooling hand each word relevance in
 * proportion to its contribution, {@code R_t = x_t dy/dx_t R / s(y)} with zennit's stabiliser
 * {@code s(y) = y + 1e-6 sign(y)} (exactly zennit's {@code Norm} rule), and {@code biasFactor} (the recurrent
 * rule's) of what the stabiliser absorbed handed back evenly to the pooled tokens; max pooling gives all of a dimension's
 * relevance to the maximal entry; final pooling puts it on the states it took.
 */
final class PoolingPropagation {
    private PoolingPropagation() {}

    static NDArray propagate(PoolingStep step, NDArray relevanceOut, double biasFactor) {
        NDArray input = step.input(); // [B,T,D]
        int t = (int) input.getShape().get(1);
        return switch (step.layer().kind()) {
            case SUM, MEAN -> {
                // zennit's Norm: x_t (dy/dx_t) R / s(y); for an average dy/dx_t = 1/n, the stabiliser on the mean
                NDArray lengths = step.mask().sum(new int[] {1}); // [B,1]
                NDArray quotient = Tensors.divideZennit(relevanceOut, step.output());
                if (step.layer().kind() == TimePooling.Kind.MEAN) {
                    quotient = quotient.div(lengths);
                }
                NDArray relevanceIn = input.mul(step.mask()).mul(quotient.expandDims(1)); // [B,T,D]
                if (biasFactor != 0) {
                    // the stabiliser's share goes back evenly to the pooled (real) tokens
                    NDArray absorbed = relevanceOut.sub(relevanceIn.sum(new int[] {1})); // [B,D]
                    relevanceIn = relevanceIn.add(absorbed.div(lengths).expandDims(1).mul(step.mask()).mul(biasFactor));
                }
                yield relevanceIn;
            }
            case MAX -> {
                NDArray positions = input.getManager().arange(t).toType(DataType.INT64, false)
                        .reshape(1, t, 1);
                NDArray winner = positions.eq(step.argmax().expandDims(1)).toType(input.getDataType(), false);
                yield winner.mul(relevanceOut.expandDims(1));
            }
            case FIRST -> {
                NDArray out = input.zerosLike();
                out.set(new NDIndex().addAllDim().addIndices(0), relevanceOut);
                yield out;
            }
            case LAST -> TimePooling.lastReal(step.mask()).mul(relevanceOut.expandDims(1));
            case FINAL -> {
                NDArray out = input.zerosLike();
                int h = step.layer().directionSize();
                if (!step.layer().bidirectional()) {
                    out.set(new NDIndex().addAllDim().addIndices(t - 1), relevanceOut);
                } else {
                    out.set(new NDIndex().addAllDim().addIndices(t - 1).addSliceDim(0, h),
                            relevanceOut.get(new NDIndex().addAllDim().addSliceDim(0, h)));
                    out.set(new NDIndex().addAllDim().addIndices(0).addSliceDim(h, 2L * h),
                            relevanceOut.get(new NDIndex().addAllDim().addSliceDim(h, 2L * h)));
                }
                yield out;
            }
        };
    }
}
