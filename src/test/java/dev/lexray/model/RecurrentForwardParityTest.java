package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomModels;
import dev.lexray.text.EncodedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explicit cell-by-cell LSTM/GRU forward of {@link RecurrentLayer} against DJL's built-in {@link LSTM} and
 * {@link GRU} blocks (libtorch's fused kernels) given the same weights, and the padding contract: a text padded in
 * a batch with a longer one scores exactly as it does alone.
 */
class RecurrentForwardParityTest {
    @TempDir
    static Path temp;

    static Stream<Arguments> recurrent() {
        return Stream.of(
                Arguments.of("lstm", 1), Arguments.of("lstm", 2), Arguments.of("gru", 1), Arguments.of("gru", 2),
                Arguments.of("bilstm", 1), Arguments.of("bilstm", 2), Arguments.of("bigru", 1),
                Arguments.of("bigru", 2));
    }

    /**
     * Every recurrent layer and direction of the trace against a one-layer, one-directional DJL block fed the same
     * layer input (time-reversed for the backward direction, whose output is reversed back).
     *
     * <p>The DJL block always runs in float64, on the float32 weights of the model file and on the trace's own layer
     * input widened to float64: for a float32 trace it is the float64 computation of exactly the numbers our
     * float32 forward started from, so the float32 comparison checks our forward alone (to float32 rounding, 1e-5),
     * whatever the machine. Comparing with DJL's block in float32 is not possible on every machine: libtorch 2.7.1
     * hands float32 {@code lstm} on the CPU to oneDNN 3.7.1, whose AVX-512 kernel ({@code rnn,brgemm:avx512_core},
     * seen with {@code ONEDNN_VERBOSE=1}) returns wrong hidden states on the AMD EPYC (Zen 5, AVX-512 with bf16)
     * CI machines: off by up to 0.64 from a plain double computation already at the first time step, while our
     * float32 forward is within 1e-7 of it, and the same block is right in float64 (no oneDNN) and in float32 with
     * {@code ONEDNN_MAX_CPU_ISA=AVX2} (kernel {@code brgemm:avx2}). GRU and float64 never take that path.
     */
    @ParameterizedTest(name = "{0} x{1}")
    @MethodSource("recurrent")
    void explicitForwardEqualsDjlsBlock(String architecture, int layers) {
        RandomModels.Spec spec = RandomModels.recurrent(architecture, layers, "final", 100 + layers)
                .withScale(0.8); // large enough that the gates saturate unevenly
        Path dir = RandomModels.write(temp.resolve("parity-" + architecture + layers), spec);
        Map<String, Tensor> tensors = RandomModels.tensors(spec);
        String prefix = architecture.endsWith("lstm") ? "lstm" : "gru";
        int h = spec.hiddenSize();
        List<String> texts = List.of("the acting was great but the plot was terrible",
                "great acting great story great ending but boring plot");
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            double tol = type == DataType.FLOAT32 ? 1e-5 : 1e-12;
            try (SequentialClassifier model = ModelLoader.load(dir); NDManager m = TorchRuntime.newManager()) {
                List<EncodedText> encoded = texts.stream().map(model.encoder()::encode).toList();
                assertThat(encoded.get(0).length()).isEqualTo(encoded.get(1).length()); // no padding here
                SequenceBatch batch = SequenceBatch.of(encoded, model.encoder().padId(), type, m);
                Trace trace = model.forward(batch);
                int checked = 0;
                for (int k = 0; k < layers; k++) {
                    RecurrentStep step = (RecurrentStep) trace.steps().get(1 + k);
                    for (int d = 0; d < step.layer().directions(); d++) {
                        boolean reverse = d == 1;
                        assertThat(step.output().getDataType()).isEqualTo(type);
                        NDArray layerInput = step.input().toType(DataType.FLOAT64, false);
                        NDArray in = reverse ? layerInput.flip(1) : layerInput;
                        RecurrentBlock block = djlBlock(prefix, h);
                        block.initialize(m, DataType.FLOAT64, in.getShape());
                        load(block, tensors, prefix, k, reverse);
                        long b = in.getShape().get(0);
                        NDArray zeros = m.zeros(new Shape(1, b, h), DataType.FLOAT64);
                        NDList inputs = prefix.equals("lstm") ? new NDList(in, zeros, zeros) : new NDList(in, zeros);
                        NDArray expected = block.forward(new ParameterStore(m, false), inputs, false).get(0);
                        if (reverse) {
                            expected = expected.flip(1);
                        }
                        NDArray actual = step.output().get(new NDIndex()
                                .addAllDim(2).addSliceDim((long) d * h, (long) (d + 1) * h));
                        assertThat(actual.getShape()).isEqualTo(expected.getShape());
                        assertThat(actual.toType(DataType.FLOAT64, false).toDoubleArray())
                                .as("%s layer %d direction %d %s", architecture, k, d, type)
                                .containsExactly(expected.toType(DataType.FLOAT64, false).toDoubleArray(),
                                        within(tol));
                        checked++;
                    }
                }
                assertThat(checked).isEqualTo(layers * (architecture.startsWith("bi") ? 2 : 1));
            }
        }
    }

    static Stream<Arguments> padded() {
        List<Arguments> out = new ArrayList<>();
        for (String arch : List.of("lstm", "bilstm", "gru", "bigru")) {
            for (String pooling : List.of("final", "mean", "max")) {
                out.add(Arguments.of(arch, 2, pooling));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} x{1} {2}")
    @MethodSource("padded")
    void paddingDoesNotChangeTheLogits(String architecture, int layers, String pooling) {
        Path dir = RandomModels.write(temp.resolve("pad-" + architecture + "-" + pooling),
                RandomModels.recurrent(architecture, layers, pooling, 7));
        String shortText = "not bad and really fun";
        String longText = "great acting great story great ending but boring plot and bad film";
        try (LexrayModel model = Lexray.load(dir)) {
            double[] alone = model.predict(shortText).logits();
            double[] aloneLong = model.predict(longText).logits();
            List<Prediction> batch = model.predict(List.of(longText, shortText, "film", shortText));
            assertThat(batch.get(1).logits()).containsExactly(alone, within(1e-6));
            assertThat(batch.get(3).logits()).containsExactly(alone, within(1e-6));
            assertThat(batch.get(0).logits()).containsExactly(aloneLong, within(1e-6));
            // ... and different texts do score differently (the check above is not vacuous).
            assertThat(batch.get(2).logits()).isNotEqualTo(alone);
        }
    }

    private static RecurrentBlock djlBlock(String prefix, int hidden) {
        if (prefix.equals("lstm")) {
            return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build();
        }
        return GRU.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build();
    }

    /**
     * Loads torch's layer-{@code k} weights of one direction into a one-layer DJL block, whose parameters are
     * {@code l_0_i2h_WEIGHT}, {@code l_0_h2h_WEIGHT}, {@code l_0_i2h_BIAS}, {@code l_0_h2h_BIAS} in torch's gate
     * order, widened from the file's float32 values to float64.
     */
    private static void load(RecurrentBlock block, Map<String, Tensor> tensors, String prefix, int k,
            boolean reverse) {
        int loaded = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            String[] parts = p.getKey().split("_"); // l, 0, i2h|h2h, WEIGHT|BIAS
            String kind = (parts[3].equals("WEIGHT") ? "weight_" : "bias_") + (parts[2].equals("i2h") ? "ih" : "hh");
            String torchName = prefix + "." + kind + "_l" + k + (reverse ? "_reverse" : "");
            Tensor t = tensors.get(torchName);
            assertThat(t).as(torchName).isNotNull();
            NDArray array = p.getValue().getArray();
            assertThat(array.getShape()).isEqualTo(new Shape(t.shape()));
            try (NDManager scratch = array.getManager().newSubManager()) {
                scratch.create(t.values(), new Shape(t.shape())).toType(DataType.FLOAT64, false).copyTo(array);
            }
            loaded++;
        }
        assertThat(loaded).isEqualTo(4);
    }
}
