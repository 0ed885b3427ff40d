package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/** {@code act(input W^T + b)} with torch's {@code Linear} layout, {@code W [M,N]}. */
public record DenseLayer(String name, String weightName, String biasName, Activation activation) implements Layer {
    /** Element-wise activations between dense layers; LRP passes relevance through them unchanged. */
    public enum Activation {
        IDENTITY, RELU, TANH;

        public static Activation parse(String name) {
            if (name == null) {
                return RELU;
            }
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "relu" -> RELU;
                case "tanh" -> TANH;
                default -> throw new dev.lexray.LexrayException(
                        "unknown activation '" + name + "': use \"relu\" or \"tanh\"");
            };
        }

        NDArray apply(NDArray z) {
            return switch (this) {
                case IDENTITY -> z;
                case RELU -> z.maximum(0);
                case TANH -> z.tanh();
            };
        }
    }

    @Override
    public DenseStep forward(NDArray input, ForwardContext context) {
        NDArray w = context.parameters().get(weightName, context.dtype());
        NDArray b = biasName == null ? null : context.parameters().get(biasName, context.dtype());
        NDArray z = input.matMul(w.transpose());
        if (b != null) {
            z = z.add(b);
        }
        return new DenseStep(this, input, w, b, z, activation.apply(z));
    }
}
