package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogitsTest {
    @Test
    void argmaxTakesTheFirstHighestScore() {
        assertThat(Logits.argmax(new double[] {0.5, 2, -1})).isEqualTo(1);
        assertThat(Logits.argmax(new double[] {3, 1, 3})).isEqualTo(0);
        assertThat(Logits.argmax(new double[] {-7})).isEqualTo(0);
    }

    @Test
    void softmaxMatchesTheDefinition() {
        double[] p = Logits.softmax(new double[] {1, 2, 3});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(p[0]).isCloseTo(Math.exp(1) / z, within(1e-15));
        assertThat(p[1]).isCloseTo(Math.exp(2) / z, within(1e-15));
        assertThat(p[2]).isCloseTo(Math.exp(3) / z, within(1e-15));
    }

    @Test
    void softmaxDoesNotOverflowOnLargeLogits() {
        double[] p = Logits.softmax(new double[] {1000, 1000});
        assertThat(p).containsExactly(0.5, 0.5);
        assertThat(Logits.softmax(new double[] {-1e6, 0})[1]).isEqualTo(1.0);
    }
}
