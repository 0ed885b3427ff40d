package dev.lexray;

import ai.djl.ndarray.types.DataType;

/** Floating-point type of the computation. Weights are stored as float32 and widened for {@link #FLOAT64}. */
public enum Precision {
    /** Single precision, as the weights are stored (the default). */
    FLOAT32(DataType.FLOAT32),
    /** Double precision: the weights are widened; conservation holds to about 1e-9 instead of 1e-4. */
    FLOAT64(DataType.FLOAT64);

    private final DataType type;

    Precision(DataType type) {
        this.type = type;
    }

    /** The engine's data type. */
    public DataType dataType() {
        return type;
    }
}
