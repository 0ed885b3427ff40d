package dev.lexray;

import dev.lexray.lrp.Composite;
import dev.lexray.lrp.EpsilonRule;
import dev.lexray.lrp.RecurrentRule;
import dev.lexray.lrp.Rule;

/**
 * How to explain: the target, the LRP rule of the dense layers, the epsilon settings of the recurrent rules, the
 * precision and the batch size. Immutable; start from {@link #defaults()} and change with the {@code with}
 * methods.
 *
 * @param rule the rule of every dense layer (hidden and classifier)
 * @param recurrent epsilon and bias factor of the LSTM/GRU rules
 */
public record ExplainOptions(Target target, Rule rule, RecurrentRule recurrent, Precision precision, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 32;

    public ExplainOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
    }

    /** The predicted class, epsilon 0.001 and bias factor 0 everywhere (Arras et al.), float32. */
    public static ExplainOptions defaults() {
        Composite c = Composite.defaults();
        return new ExplainOptions(Target.predicted(), c.denseRule(), c.recurrentRule(), Precision.FLOAT32,
                DEFAULT_BATCH_SIZE);
    }

    public ExplainOptions withTarget(Target t) {
        return new ExplainOptions(t, rule, recurrent, precision, batchSize);
    }

    public ExplainOptions withRule(Rule r) {
        return new ExplainOptions(target, r, recurrent, precision, batchSize);
    }

    /** Epsilon and bias factor for both the dense epsilon rule and the recurrent rules. */
    public ExplainOptions withEpsilon(double epsilon, double biasFactor) {
        return new ExplainOptions(target, new EpsilonRule(epsilon, biasFactor), new RecurrentRule(epsilon, biasFactor),
                precision, batchSize);
    }

    public ExplainOptions withRecurrent(RecurrentRule r) {
        return new ExplainOptions(target, rule, r, precision, batchSize);
    }

    public ExplainOptions withPrecision(Precision p) {
        return new ExplainOptions(target, rule, recurrent, p, batchSize);
    }

    public ExplainOptions withBatchSize(int size) {
        return new ExplainOptions(target, rule, recurrent, precision, size);
    }

    Composite composite() {
        return Composite.uniform(rule, recurrent);
    }
}
