package dev.lexray.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Distinct removal masks of one text: methods and bins often ask for the same one, which is scored once. */
final class Variants {
    private final List<boolean[]> masks = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** The index of the mask among the distinct masks, added if new. */
    int add(boolean[] mask) {
        StringBuilder key = new StringBuilder(mask.length);
        for (boolean b : mask) {
            key.append(b ? '1' : '0');
        }
        return index.computeIfAbsent(key.toString(), k -> {
            masks.add(mask);
            return masks.size() - 1;
        });
    }

    List<boolean[]> masks() {
        return masks;
    }
}
