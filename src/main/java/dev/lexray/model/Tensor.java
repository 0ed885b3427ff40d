package dev.lexray.model;

import java.util.Arrays;

/** A named float tensor read from a model file, in row-major order, kept as float32 values. */
public record Tensor(String name, long[] shape, float[] values) {
    public Tensor {
        shape = shape.clone();
        if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape)
                    + " does not match " + values.length + " values");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
