package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.Lrp;
import dev.lexray.model.EncoderLayerStep;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Step;
import dev.lexray.model.StepArrays;
import dev.lexray.model.Trace;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What stays allocated, counted as open tensors (not timed, not measured in bytes): a forward-only pass (predict)
 * leaves its logits and nothing else, with logits equal to the recording forward's; an LRP pass frees the recurrent
 * states and its own temporaries as it goes, so fewer tensors are open after it than after the forward pass.
 */
class ForwardMemoryTest {
    @TempDir
    static Path temp;

    private static final String TEXT = String.join(" ", Collections.nCopies(8,
            "the acting was great but the plot"));

    @ParameterizedTest
    @ValueSource(strings = {"bilstm", "bigru", "bert"})
    void aForwardOnlyPassKeepsNothingButTheLogits(String kind) {
        Path dir = kind.equals("bert") ? SharedData.require("reference/bert-sst2-tiny")
                : RandomModels.write(temp.resolve(kind), RandomModels.recurrent(kind, 2, "max", 51));
        try (LexrayModel model = Lexray.load(dir);
                NDManager manager = TorchRuntime.newManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequentialClassifier c = model.classifier();
            NDManager weights = c.parameters().get(c.parameters().names().iterator().next(), DataType.FLOAT32)
                    .getManager();
            SequenceBatch batch = SequenceBatch.of(List.of(c.encoder().encode(TEXT), c.encoder().encode("good")),
                    c.encoder().padId(), DataType.FLOAT32, manager);
            c.logits(batch); // the first pass caches derived weights (transposes, gate blocks)
            int before = open(manager, weights);
            NDArray logits = c.logits(batch);
            assertThat(open(manager, weights) - before).as("tensors left by a forward-only pass").isEqualTo(1);
            int beforeTrace = open(manager, weights);
            Trace trace = c.forward(batch);
            assertThat(open(manager, weights) - beforeTrace).as("a recording forward keeps its trace")
                    .isGreaterThan(40);
            assertThat(logits.toFloatArray()).containsExactly(trace.logits().toFloatArray());
        }
    }

    /**
     * The recording forward keeps what its steps hold and nothing else (each layer's scope frees the rest: GELU's
     * pieces, products before scaling, sums before a norm); a trace for CP-LRP holds no attention scores.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aTraceHoldsItsStepsAndNoMore(boolean attentionScores) {
        Path dir = SharedData.require("reference/bert-sst2-tiny");
        try (LexrayModel model = Lexray.load(dir);
                NDManager manager = TorchRuntime.newManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequentialClassifier c = model.classifier();
            NDManager weights = c.parameters().get(c.parameters().names().iterator().next(), DataType.FLOAT32)
                    .getManager();
            SequenceBatch batch = SequenceBatch.of(List.of(c.encoder().encode(TEXT), c.encoder().encode("good")),
                    c.encoder().padId(), DataType.FLOAT32, manager);
            c.forwardFor(batch, attentionScores); // caches derived weights
            int before = open(manager, weights);
            Set<NDArray> existing = Collections.newSetFromMap(new IdentityHashMap<>());
            existing.addAll(manager.getManagedArrays());
            existing.addAll(weights.getManagedArrays());
            Trace trace = c.forwardFor(batch, attentionScores);
            Set<NDArray> held = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Step step : trace.steps()) {
                held.addAll(StepArrays.of(step));
                if (step instanceof EncoderLayerStep e) {
                    assertThat(e.scores() != null).isEqualTo(attentionScores);
                    assertThat(e.maskedScores() != null).isEqualTo(attentionScores);
                }
            }
            held.removeAll(existing); // weights, the batch's ids and mask
            // Views (reshapes, head splits) are arrays of their own: what is open is what the steps hold.
            assertThat(open(manager, weights) - before).as("arrays left by a recording forward")
                    .isEqualTo(held.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bilstm", "bigru"})
    void anLrpPassFreesTheRecurrentStatesBehindIt(String kind) {
        Path dir = RandomModels.write(temp.resolve("lrp-" + kind), RandomModels.recurrent(kind, 2, "final", 52));
        try (LexrayModel model = Lexray.load(dir);
                NDManager manager = TorchRuntime.newManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequentialClassifier c = model.classifier();
            NDManager weights = c.parameters().get(c.parameters().names().iterator().next(), DataType.FLOAT32)
                    .getManager();
            SequenceBatch batch = SequenceBatch.of(List.of(c.encoder().encode(TEXT)), c.encoder().padId(),
                    DataType.FLOAT32, manager);
            Explanation expected = model.explain(TEXT, ExplainOptions.defaults());
            Trace trace = c.forward(batch);
            int afterForward = open(manager, weights);
            int classes = c.labels().size();
            float[] oneHot = new float[classes];
            oneHot[expected.predicted().index()] = 1;
            Lrp.Result r = Lrp.explain(trace, manager.create(oneHot, new Shape(1, classes)), Composite.defaults());
            // 56 tokens, 2 layers, 2 directions, 5 states a step: hundreds freed, a handful of results added.
            assertThat(open(manager, weights)).as("open tensors after LRP").isLessThan(afterForward - 56 * 2 * 2);
            double[] tokens = r.tokens().toType(DataType.FLOAT64, false).toDoubleArray();
            assertThat(Arrays.stream(tokens).sum()).isCloseTo(Arrays.stream(expected.relevances()).sum(),
                    within(1e-4));
        }
    }

    private static int open(NDManager... managers) {
        int n = 0;
        for (NDManager m : managers) {
            n += m.getManagedArrays().size();
        }
        return n;
    }
}
