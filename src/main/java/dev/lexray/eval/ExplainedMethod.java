package dev.lexray.eval;

import dev.lexray.eval.Evaluation.MethodSpec;

/** One method's word relevance on the first {@code limit} texts, its cost, and the curves its metrics fill. */
final class ExplainedMethod {
    final MethodSpec spec;
    final int limit;
    /** Per text, the relevance of each word for the true class (deletion, plausibility, randomisation). */
    final double[][] truthRelevance;
    /** Per text, for the predicted class (AOPC); the true class' where the two agree. */
    final double[][] predictedRelevance;
    /** Seconds spent explaining the true class of the texts. */
    final double seconds;
    /** Null unless deletion is measured. */
    DeletionCurves deletion;
    /** Null unless AOPC is measured. */
    AopcCurves aopc;

    ExplainedMethod(MethodSpec spec, int limit, double[][] truthRelevance, double[][] predictedRelevance,
            double seconds) {
        this.spec = spec;
        this.limit = limit;
        this.truthRelevance = truthRelevance;
        this.predictedRelevance = predictedRelevance;
        this.seconds = seconds;
    }
}
