package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One (possibly bidirectional) recurrent layer: {@code input [B,T,In]}, {@code output [B,T,D*H]} with the forward
 * direction's states first, and what each direction computed at every time step.
 */
public record RecurrentStep(RecurrentLayer layer, NDArray input, NDArray mask, StepPadding padding,
        List<DirectionTrace> directions, NDArray output) implements Step {
    public RecurrentStep {
        directions = List.copyOf(directions);
    }

    @Override
    public String layerName() {
        return layer.name();
    }
}
