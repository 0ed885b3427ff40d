package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.Methods;
import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.FlatRule;
import dev.lexray.lrp.GammaRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;
import dev.lexray.lrp.Rules;
import dev.lexray.lrp.TransformerRule;
import dev.lexray.lrp.WSquareRule;
import dev.lexray.lrp.ZPlusRule;
import dev.lexray.lrp.ZeroRule;
import dev.lexray.runtime.LexrayException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one registry of rule and method names: every rule and method, printed as the JSON {@code rule} field and
 * parsed back, is the same object, and bad names or parameters are refused with a message naming them.
 */
class RuleSettingsRoundTripTest {
    static final List<Rule> RULES = List.of(new EpsilonRule(0.25, 1), new EpsilonRule(0, 0.5), new ZeroRule(1),
            new GammaRule(0.7), new GammaRule(0.1, true), new AlphaBetaRule(2, 1), new AlphaBetaRule(1.5, 0.5, true),
            new ZPlusRule(), new ZPlusRule(true), new WSquareRule(), new WSquareRule(true), new FlatRule());

    static final List<AttributionMethod> METHODS = List.of(new AttributionMethod.Lrp(),
            new AttributionMethod.Gradient(), new AttributionMethod.GradientXInput(),
            new AttributionMethod.IntegratedGradients(17, AttributionMethod.Baseline.ZERO),
            new AttributionMethod.IntegratedGradients(50, AttributionMethod.Baseline.PAD),
            new AttributionMethod.Occlusion(AttributionMethod.OcclusionMode.DELETE),
            new AttributionMethod.Occlusion(AttributionMethod.OcclusionMode.UNK),
            new AttributionMethod.Lime(300, 1234567890123L), new AttributionMethod.Random(-5));

    @Test
    void everyRegisteredRuleIsCovered() {
        assertThat(RULES.stream().map(Rule::name).distinct().toList()).containsExactlyInAnyOrderElementsOf(Rules.names());
        assertThat(METHODS.stream().map(AttributionMethod::name).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(Methods.names());
    }

    @Test
    void everyRuleRoundTripsThroughTheRegistryAndThroughJson() throws JsonProcessingException {
        for (Rule rule : RULES) {
            assertThat(Rules.forName(rule.name(), rule.parameters())).isEqualTo(rule);
            Composite c = Composite.defaults().withDense(rule);
            assertThat(throughJson(RuleSettings.of(c)).toComposite()).as(rule.toString()).isEqualTo(c);
        }
    }

    @Test
    void everyMethodRoundTripsThroughTheRegistryAndThroughJson() throws JsonProcessingException {
        for (AttributionMethod m : METHODS) {
            assertThat(Methods.forName(m.name(), m.parameters())).isEqualTo(m);
            RuleSettings printed = throughJson(RuleSettings.of(m, Composite.defaults()));
            assertThat(printed.toMethod(m.name())).as(m.toString()).isEqualTo(m);
        }
    }

    @Test
    void aWholeCompositeRoundTripsWithLayerOrderInputLayerRecurrentAndAttention() throws JsonProcessingException {
        Composite c = Composite.uniform(new GammaRule(0.3), new RecurrentRule(0.02, 1))
                .withLayer("*.ffn_*", new AlphaBetaRule(2, 1, true))
                .withLayer("encoder.0.*", new EpsilonRule(0.5, 0))
                .withLayer("classifier", new ZeroRule(0))
                .withInputLayer(new WSquareRule())
                .withTransformer(new TransformerRule(AttentionRule.ATTN_LRP, 0.003, 1));
        Composite back = throughJson(RuleSettings.of(c)).toComposite();
        assertThat(back).isEqualTo(c);
        assertThat(back.layerRules()).extracting(Composite.LayerRule::pattern)
                .containsExactly("*.ffn_*", "encoder.0.*", "classifier");
        assertThat(throughJson(RuleSettings.of(Composite.deepTaylor(new RecurrentRule(0.001, 0)))).toComposite())
                .isEqualTo(Composite.deepTaylor(new RecurrentRule(0.001, 0)));
    }

    @Test
    void missingParametersTakeDefaultsAndAliasesResolve() {
        assertThat(Rules.forName("gamma")).isEqualTo(new GammaRule(0.25));
        assertThat(Rules.forName("z+")).isEqualTo(new ZPlusRule());
        assertThat(Rules.forName("alphabeta", Map.of("alpha", 2, "beta", 1))).isEqualTo(new AlphaBetaRule(2, 1));
        assertThat(Methods.forName("ig", Map.of("steps", "20"))).isEqualTo(
                new AttributionMethod.IntegratedGradients(20, AttributionMethod.Baseline.PAD));
    }

    @Test
    void badNamesParametersAndValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Rules.forName("lrp-9")).hasMessageContaining("unknown rule 'lrp-9'")
                .hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Rules.forName("gamma", Map.of("gama", 1.0))).hasMessageContaining("no parameter gama")
                .hasMessageContaining("gamma, ignore_bias");
        assertThatThrownBy(() -> Rules.forName("alpha-beta", Map.of("alpha", 3.0, "beta", 1.0)))
                .hasMessageContaining("alpha - beta = 1");
        assertThatThrownBy(() -> Rules.forName("epsilon", Map.of("epsilon", "much"))).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Methods.forName("occlusion", Map.of("mode", "blank")))
                .hasMessageContaining("unk or pad or delete");
        assertThatThrownBy(() -> Methods.forName("ig", Map.of("steps", 2.5))).hasMessageContaining("whole number");
        RuleSettings bad = new RuleSettings("gamma", Map.of("gamma", -1.0), null);
        assertThatThrownBy(bad::toComposite).isInstanceOf(LexrayException.class).hasMessageContaining("gamma");
    }

    private static RuleSettings throughJson(RuleSettings s) throws JsonProcessingException {
        String json = LexrayJson.toLine(s);
        return LexrayJson.mapper().readValue(json, RuleSettings.class);
    }
}
