package dev.lexray.lrp;

import java.util.Map;

/**
 * The rules of Arras et al. 2017 for LSTM and GRU cells ("signal-take-all"): gates pass no relevance, products of a
 * gate and a signal hand all of theirs to the signal, and sums and pre-activations are split with
 * {@link EpsilonRule} of this epsilon and bias factor. The bias factor also applies to the stabiliser of mean and
 * sum pooling over time.
 */
public record RecurrentRule(double epsilon, double biasFactor) {
    public RecurrentRule {
        new EpsilonRule(epsilon, biasFactor); // same validation
    }

    public EpsilonRule epsilonRule() {
        return new EpsilonRule(epsilon, biasFactor);
    }

    public Map<String, Object> parameters() {
        return Map.of("epsilon", epsilon, "bias_factor", biasFactor);
    }
}
