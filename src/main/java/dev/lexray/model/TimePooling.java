package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lexray.runtime.LexrayException;
import java.util.List;
import java.util.Locale;

/**
 * Pools {@code [B,T,D]} over time into {@code [B,D]}, ignoring padding. {@code FINAL} takes the last state of a
 * recurrent layer's output: for a bidirectional layer the forward half at the last word and the backward half at
 * the first word ({@code directionSize} is then H, the size of one half).
 */
public record TimePooling(String name, Kind kind, int directionSize, boolean bidirectional) implements Layer {
    public enum Kind {
        MEAN, SUM, MAX, FINAL,
        /** The first token's state: {@code [CLS]} / {@code <s>} of a transformer encoder. */
        FIRST,
        /** The last real token's state: where HF's decoder classifiers read. */
        LAST;

        public static Kind parse(String name, Kind fallback) {
            if (name == null) {
                return fallback;
            }
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LexrayException("unknown pooling '" + name
                        + "': use \"final\", \"mean\" or \"max\" (recurrent) or \"mean\", \"sum\", \"max\" (bag)");
            }
        }
    }

    private static final double PADDING_PENALTY = 1e9;

    /**
     * 1 at each text's last real token {@code [B,T,1]}: HF's last non-padding position (texts are padded on the right,
     * so the mask is 1 then 0; a product keeps the pooling differentiable for gradient methods).
     */
    public static NDArray lastReal(NDArray mask) {
        long t = mask.getShape().get(1);
        NDArray next = mask.get(new NDIndex().addAllDim().addSliceDim(1, t)).concat(
                mask.get(new NDIndex().addAllDim().addSliceDim(0, 1)).zerosLike(), 1);
        return mask.mul(next.neg().add(1));
    }

    /** Pooling has no weights. */
    @Override
    public List<String> parameterNames() {
        return List.of();
    }

    @Override
    public PoolingStep forward(NDArray input, ForwardContext context) {
        NDArray mask = context.batch().mask().expandDims(2); // [B,T,1]
        int t = (int) input.getShape().get(1);
        return switch (kind) {
            case SUM -> new PoolingStep(this, input, mask, input.mul(mask).sum(new int[] {1}), null);
            case MEAN -> {
                NDArray lengths = mask.sum(new int[] {1}); // [B,1]
                yield new PoolingStep(this, input, mask, input.mul(mask).sum(new int[] {1}).div(lengths), null);
            }
            case MAX -> {
                // Padding can never win: push it far below every real value (finite, so gradients stay finite).
                NDArray masked = input.add(mask.sub(1).mul(PADDING_PENALTY));
                NDArray argmax = masked.argMax(1);
                yield new PoolingStep(this, input, mask, masked.max(new int[] {1}), argmax);
            }
            case FIRST -> new PoolingStep(this, input, mask, input.get(new NDIndex().addAllDim().addIndices(0)), null);
            case LAST -> new PoolingStep(this, input, mask, input.mul(lastReal(mask)).sum(new int[] {1}), null);
            case FINAL -> {
                // Padded steps hold the state, so the forward direction's last position is its final state.
                NDArray last = input.get(new NDIndex().addAllDim().addIndices(t - 1));
                if (!bidirectional) {
                    yield new PoolingStep(this, input, mask, last, null);
                }
                NDArray fwd = last.get(new NDIndex().addAllDim().addSliceDim(0, directionSize));
                NDArray bwd = input.get(new NDIndex().addAllDim().addIndices(0).addSliceDim(directionSize,
                        2L * directionSize));
                yield new PoolingStep(this, input, mask, fwd.concat(bwd, 1), null);
            }
        };
    }
}
