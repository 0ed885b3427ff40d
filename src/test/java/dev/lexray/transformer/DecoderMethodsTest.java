package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.TokenRelevance;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.Rules;
import dev.lexray.testing.SharedData;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rest of the toolkit on decoders: every baseline method gives each word a finite relevance, the same words as
 * LRP; a text longer than the window is explained in windows; a layer rule reaches the decoder's linear maps.
 */
class DecoderMethodsTest {
    static final String TEXT = "not bad at all , a charming little film";

    @ParameterizedTest
    @ValueSource(strings = {DecoderParityTest.QWEN2, DecoderParityTest.GPT2})
    void baselinesWindowsAndLayerRules(String name) {
        try (LexrayModel model = Lexray.load(SharedData.require(name))) {
            Explanation lrp = model.explain(TEXT);
            List<String> words = lrp.tokens().stream().map(TokenRelevance::text).toList();
            for (String method : List.of("gradient", "gradient-x-input", "integrated-gradients", "occlusion", "lime")) {
                Map<String, Object> parameters = switch (method) {
                    case "integrated-gradients" -> Map.of("steps", 8);
                    case "lime" -> Map.of("samples", 50, "seed", 1L);
                    default -> Map.of();
                };
                Explanation e = model.explain(List.of(TEXT),
                        ExplainOptions.defaults().withMethod(Methods.forName(method, parameters))).get(0);
                assertThat(e.tokens().stream().map(TokenRelevance::text).toList()).as(method).isEqualTo(words);
                assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).as(method).isTrue();
                assertThat(Arrays.stream(e.relevances()).anyMatch(r -> r != 0)).as(method).isTrue();
            }
            // Longer than the 128-position window: explained in overlapping windows, every word once.
            String longText = String.join(" ", Collections.nCopies(40, "a charming film ."));
            Explanation windows = model.explain(longText);
            assertThat(windows.tokens()).hasSize(160);
            assertThat(Arrays.stream(windows.relevances()).allMatch(Double::isFinite)).isTrue();
            // A rule for the feed-forward maps alone changes the relevance: the decoder's dense maps are named.
            Explanation gamma = model.explain(List.of(TEXT), ExplainOptions.defaults()
                    .withLayerRule("*.ffn_*", Rules.forName("gamma", Map.of("gamma", 0.25)))).get(0);
            assertThat(gamma.relevances()).isNotEqualTo(lrp.relevances());
        }
    }
}
