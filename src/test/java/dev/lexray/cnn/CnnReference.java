package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomCnns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent forward pass of a {@code cnn} model for one text alone, in float64, built from DJL's own
 * {@link Conv1d} block (libtorch's {@code conv1d}) on the model file's weights: the text's embeddings as
 * {@code [1,E,T]}, zero-padded on the right to the widest filter, each width's convolution, activation, max or mean
 * over time, concatenation, hidden layers, classifier. With {@code embeddings} a leaf that requires gradients it is
 * differentiable (for gradient x input).
 */
final class CnnReference {
    private CnnReference() {}

    /** The embeddings {@code [1,E,T']} of the text's ids, zero-padded to {@code widest}. */
    static NDArray embeddings(NDManager m, Map<String, Tensor> w, int[] ids, int widest) {
        Tensor table = w.get("embedding.weight");
        int e = (int) table.dim(1);
        int span = Math.max(ids.length, widest);
        double[] x = new double[e * span];
        for (int t = 0; t < ids.length; t++) {
            for (int d = 0; d < e; d++) {
                x[d * span + t] = table.values()[ids[t] * e + d];
            }
        }
        return m.create(x, new Shape(1, e, span));
    }

    /** The logits {@code [C]} of the text from its (padded) embeddings {@code [1,E,T']}. */
    static NDArray logits(NDManager m, RandomCnns.Spec spec, Map<String, Tensor> w, NDArray embeddings) {
        NDList pooled = new NDList();
        for (int i = 0; i < spec.widths().size(); i++) {
            int k = spec.widths().get(i);
            Conv1d conv = Conv1d.builder().setKernelShape(new Shape(k)).setFilters(spec.filters()).build();
            conv.initialize(m, DataType.FLOAT64, embeddings.getShape());
            int loaded = 0;
            for (Pair<String, Parameter> p : conv.getParameters()) {
                Tensor t = w.get("convs." + i + "." + p.getKey()); // DJL's "weight" [F,E,k] and "bias" [F]
                assertThat(t).as(p.getKey()).isNotNull();
                NDArray array = p.getValue().getArray();
                assertThat(array.getShape()).isEqualTo(new Shape(t.shape()));
                m.create(t.values(), new Shape(t.shape())).toType(DataType.FLOAT64, false).copyTo(array);
                loaded++;
            }
            assertThat(loaded).isEqualTo(2);
            NDArray z = conv.forward(new ParameterStore(m, false), new NDList(embeddings), false).get(0); // [1,F,W]
            NDArray a = activate(spec.activation(), z);
            pooled.add(spec.pooling().equals("max") ? a.max(new int[] {2}) : a.mean(new int[] {2})); // [1,F]
        }
        NDArray x = NDArrays.concat(pooled, 1);
        int index = 0;
        for (int ignored : spec.hiddenSizes()) {
            x = activate(spec.activation(), dense(m, w, "mlp." + index, x));
            index += 2;
        }
        return dense(m, w, "classifier", x).get(0);
    }

    static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static NDArray dense(NDManager m, Map<String, Tensor> w, String prefix, NDArray x) {
        Tensor weight = w.get(prefix + ".weight");
        Tensor bias = w.get(prefix + ".bias");
        NDArray wa = m.create(weight.values(), new Shape(weight.shape())).toType(DataType.FLOAT64, false);
        NDArray ba = m.create(bias.values(), new Shape(bias.shape())).toType(DataType.FLOAT64, false);
        return x.matMul(wa.transpose()).add(ba);
    }

    private static NDArray activate(String activation, NDArray z) {
        return switch (activation) {
            case "relu" -> z.maximum(0);
            case "tanh" -> z.tanh();
            default -> throw new IllegalArgumentException(activation);
        };
    }
}
