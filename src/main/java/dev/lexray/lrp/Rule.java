package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * One LRP formula for a linear map {@code z = a W^T + b} ({@code a [B,N]}, {@code W [M,N]}, {@code b [M]} or null):
 * given the relevance {@code R_out [B,M]} of the outputs it returns the relevance {@code R_in [B,N]} of the inputs.
 * A rule knows nothing of layers; a {@link Composite} decides which rule a layer gets, and {@link Rules} turns names
 * and parameters into rules and back. Every invariant of a rule's parameters is checked by its constructor.
 */
public sealed interface Rule permits ZeroRule, EpsilonRule, GammaRule, AlphaBetaRule, ZPlusRule, WSquareRule,
        FlatRule {
    /** Short name as the CLI and JSON spell it (the name {@link Rules#forName} takes). */
    String name();

    /**
     * The rule's parameters by their JSON names ({@code Double} or {@code Boolean} values), all of them, so that
     * {@code Rules.forName(r.name(), r.parameters()).equals(r)}.
     */
    Map<String, Object> parameters();

    NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut);
}
