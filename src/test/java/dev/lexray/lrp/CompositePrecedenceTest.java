package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.ExplainOptions;
import dev.lexray.model.DenseLayer;
import org.junit.jupiter.api.Test;

/** When several layer patterns match a layer, the first one given wins, in the composite and in the options. */
class CompositePrecedenceTest {
    private static final DenseLayer FFN = new DenseLayer("encoder.1.ffn_in", "w", "b", DenseLayer.Activation.GELU);
    private static final Rule GAMMA = new GammaRule(0.5);
    private static final Rule ZERO = new ZeroRule(0);

    @Test
    void theFirstMatchingPatternWinsInEitherOrder() {
        for (int run = 0; run < 20; run++) {
            Composite gammaFirst = Composite.defaults().withLayer("*.ffn_*", GAMMA).withLayer("encoder.1.*", ZERO);
            Composite zeroFirst = Composite.defaults().withLayer("encoder.1.*", ZERO).withLayer("*.ffn_*", GAMMA);
            assertThat(gammaFirst.ruleFor(FFN)).isEqualTo(GAMMA);
            assertThat(zeroFirst.ruleFor(FFN)).isEqualTo(ZERO);
        }
    }

    @Test
    void anExactNameIsAPatternLikeAnyOtherAndRepeatingAPatternReplacesItInPlace() {
        Composite c = Composite.defaults().withLayer("*", GAMMA).withLayer("encoder.1.ffn_in", ZERO);
        assertThat(c.ruleFor(FFN)).isEqualTo(GAMMA);
        Composite replaced = c.withLayer("*", new FlatRule());
        assertThat(replaced.ruleFor(FFN)).isEqualTo(new FlatRule());
        assertThat(replaced.layerRules()).extracting(Composite.LayerRule::pattern).containsExactly("*",
                "encoder.1.ffn_in");
    }

    @Test
    void optionsKeepTheOrderGiven() {
        ExplainOptions o = ExplainOptions.defaults().withLayerRule("z*", GAMMA).withLayerRule("a*", ZERO)
                .withLayerRule("m*", new FlatRule());
        assertThat(o.layerRules().keySet()).containsExactly("z*", "a*", "m*");
        assertThat(o.composite().layerRules()).extracting(Composite.LayerRule::pattern).containsExactly("z*", "a*",
                "m*");
    }

    @Test
    void theInputLayerRuleAppliesOnlyToTheInputLayerAndPatternsOverrideIt() {
        Composite dt = Composite.deepTaylor(new RecurrentRule(0.001, 0));
        assertThat(dt.ruleFor(FFN, true)).isEqualTo(new WSquareRule());
        assertThat(dt.ruleFor(FFN, false)).isEqualTo(new ZPlusRule());
        assertThat(dt.withLayer("encoder.*", ZERO).ruleFor(FFN, true)).isEqualTo(ZERO);
    }
}
