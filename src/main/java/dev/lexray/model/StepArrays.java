package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Every {@link NDArray} a {@link Step} holds, found through its record components (nested records such as
 * {@link DenseStep} or {@link LayerNorm.Trace}, arrays and lists of them), so that a layer's forward pass can free
 * whatever it computed and did not keep, without each step listing its fields by hand.
 */
public final class StepArrays {
    private StepArrays() {}

    public static List<NDArray> of(Step step) {
        Set<NDArray> found = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(step, found);
        return new ArrayList<>(found);
    }

    private static void collect(Object value, Set<NDArray> found) {
        if (value instanceof NDArray a) {
            found.add(a);
        } else if (value instanceof NDArray[] arrays) {
            for (NDArray a : arrays) {
                collect(a, found);
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> collect(v, found));
        } else if (value instanceof Record r && !(value instanceof Layer)) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    collect(rc.getAccessor().invoke(r), found);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + rc.getName() + " of " + r.getClass(), e);
                }
            }
        } else if (value != null && value.getClass().getName().startsWith("dev.lexray.") && !(value instanceof Layer)
                && !value.getClass().isEnum()) {
            // Arrays behind private fields would be freed with the layer's temporaries: fail here, not later.
            throw new IllegalStateException(value.getClass().getName() + " is held by a step but is no record: "
                    + "make it one, so that the arrays it holds are kept");
        }
    }
}
