package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lexray.model.PoolingStep;

/**
 * Pooling over time, whatever rule the dense layers use: mean and sum pooling hand each word relevance in
 * proportion to its contribution (the z-rule, as zennit's {@code Norm}); max pooling gives all of a dimension's
 * relevance to the maximal entry; final pooling puts it on the states it took.
 */
final class PoolingPropagation {
    private PoolingPropagation() {}

    static NDArray propagate(PoolingStep step, NDArray relevanceOut) {
        NDArray input = step.input(); // [B,T,D]
        int t = (int) input.getShape().get(1);
        return switch (step.layer().kind()) {
            case MEAN, SUM -> {
                NDArray contributions = input.mul(step.mask()); // [B,T,D]
                NDArray total = contributions.sum(new int[] {1}, true); // [B,1,D]
                yield contributions.mul(Tensors.safeDivide(relevanceOut.expandDims(1), total));
            }
            case MAX -> {
                NDArray positions = input.getManager().arange(t).toType(ai.djl.ndarray.types.DataType.INT64, false)
                        .reshape(1, t, 1);
                NDArray winner = positions.eq(step.argmax().expandDims(1)).toType(input.getDataType(), false);
                yield winner.mul(relevanceOut.expandDims(1));
            }
            case FIRST -> {
                NDArray out = input.zerosLike();
                out.set(new NDIndex().addAllDim().addIndices(0), relevanceOut);
                yield out;
            }
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
