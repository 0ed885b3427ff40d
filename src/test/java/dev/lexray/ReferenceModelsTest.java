package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward parity with PyTorch on the reference models in ../shared/reference. */
class ReferenceModelsTest {
    @Test
    void bilstmGivesTheScoresPyTorchGives() {
        try (LexrayModel model = Lexray.load(SharedData.require("reference/lrp_for_lstm/model-bilstm"))) {
            Prediction p = model.predict("ridiculous .");
            assertThat(p.logits()).containsExactly(new double[] {2.60684, 3.69464, 0.94557, -2.76335, -5.06058},
                    within(2e-5));
            assertThat(p.predicted().label()).isEqualTo("negative");
        }
    }

    @Test
    void bagMlpGivesTheLogitsPyTorchGives() {
        try (LexrayModel model = Lexray.load(SharedData.require("reference/bag-mlp-sst2"))) {
            List<Prediction> ps = model.predict(List.of(
                    "it 's a charming and often affecting journey . ",
                    "unflinchingly bleak and desperate",
                    "allows us to hope that nolan is poised to embark a major career as a commercial yet inventive"
                            + " filmmaker ."));
            assertThat(ps.get(0).logits()).containsExactly(new double[] {-4.88618, 4.94728}, within(2e-5));
            assertThat(ps.get(1).logits()).containsExactly(new double[] {2.98387, -3.26399}, within(2e-5));
            assertThat(ps.get(2).logits()).containsExactly(new double[] {-2.35381, 2.67377}, within(2e-5));
        }
    }
}
