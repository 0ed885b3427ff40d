package dev.lexray;

import ai.djl.ndarray.types.DataType;

/** Floating-point type of the computation. Weights are stored as float32 and widened for {@link #FLOAT64}. */
public enum Precision {
    FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

    private final DataType type;

    Precision(DataType type) {
        this.type = type;
    }

    public DataType dataType() {
        return type;
    }
}
