package dev.lexray;

import ai.djl.ndarray.types.DataType;
import dev.lexray.runtime.LexrayException;
import java.util.Locale;

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

    /** The name the CLI, JSON and Spark use: {@code float32} or {@code float64}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision of this name ({@code float32}/{@code fp32} or {@code float64}/{@code fp64}/{@code double}).
     *
     * @throws LexrayException for any other name
     */
    public static Precision parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "fp32" -> FLOAT32;
            case "float64", "fp64", "double" -> FLOAT64;
            default -> throw new LexrayException("unknown precision '" + name + "': use float32 or float64");
        };
    }

    /** The engine's data type. */
    public DataType dataType() {
        return type;
    }
}
