package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.core.Linear;
import dev.lexray.runtime.LexrayException;
import java.util.List;
import java.util.Locale;

/** {@code act(input W^T + b)} with torch's {@code Linear} layout, {@code W [M,N]}. */
public record DenseLayer(String name, String weightName, String biasName, Activation activation) implements Layer {
    /** Element-wise activations between dense layers; LRP passes relevance through them unchanged. */
    public enum Activation {
        IDENTITY, RELU, TANH, GELU, GELU_TANH;

        public static Activation parse(String name) {
            if (name == null) {
                return RELU;
            }
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "relu" -> RELU;
                case "tanh" -> TANH;
                case "gelu" -> GELU;
                case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
                default -> throw new LexrayException(
                        "unknown activation '" + name + "': use \"relu\" or \"tanh\"");
            };
        }

        /**
         * The activation of a forward pass; with {@code detachForGradient} (see {@link ForwardContext}) as
         * {@code x * stopGradient(f(x)/x)}, so the gradient sees it as a fixed per-unit scale (identity rule).
         */
        NDArray forward(NDArray z, boolean detachForGradient) {
            NDArray out = apply(z);
            if (!detachForGradient || this == IDENTITY || this == RELU) {
                return out;
            }
            NDArray zero = z.eq(0);
            NDArray ratio = NDArrays.where(zero, z.onesLike(), out.div(NDArrays.where(zero, z.onesLike(), z)));
            return z.mul(ratio.stopGradient());
        }

        NDArray apply(NDArray z) {
            return switch (this) {
                case IDENTITY -> z;
                case RELU -> z.maximum(0);
                case TANH -> z.tanh();
                // torch's own GELU kernel (erf form), and the tanh approximation ("gelu_new").
                case GELU -> z.getNDArrayInternal().gelu();
                case GELU_TANH -> z.mul(z.pow(3).mul(0.044715).add(z).mul(Math.sqrt(2 / Math.PI)).tanh().add(1))
                        .mul(0.5);
            };
        }
    }

    @Override
    public List<String> parameterNames() {
        return biasName == null ? List.of(weightName) : List.of(weightName, biasName);
    }

    /** {@code act(input W^T + b)} for {@code input [..., N]}; the step is kept for relevance propagation. */
    @Override
    public DenseStep forward(NDArray input, ForwardContext context) {
        NDArray w = context.parameters().get(weightName, context.dtype());
        NDArray b = biasName == null ? null : context.parameters().get(biasName, context.dtype());
        NDArray z = Linear.linear(input, w, b).singletonOrThrow(); // one fused kernel: matmul and bias
        return new DenseStep(this, input, w, b, z, activation.forward(z, context.detachForGradient()));
    }
}
