package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.runtime.HostArrays;
import dev.lexray.text.EncodedText;
import java.util.List;

/**
 * A padded batch of token ids with its mask: {@code ids [B,T]} and {@code typeIds [B,T]} (int64), {@code mask [B,T]}
 * (1 for a real token, 0 for padding, in the compute type), and each text's length.
 */
public record SequenceBatch(NDArray ids, NDArray typeIds, NDArray mask, int[] lengths, DataType dtype) {
    public SequenceBatch {
        lengths = lengths.clone();
    }

    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    public int size() {
        return lengths.length;
    }

    public int maxLength() {
        return (int) ids.getShape().get(1);
    }

    /** Whether some text is shorter than the batch, so that padding positions need masking. */
    public boolean padded() {
        int t = maxLength();
        for (int length : lengths) {
            if (length < t) {
                return true;
            }
        }
        return false;
    }

    /** Pads the encoded texts to the longest one. */
    public static SequenceBatch of(List<EncodedText> texts, int padId, DataType dtype, NDManager manager) {
        int b = texts.size();
        int t = texts.stream().mapToInt(EncodedText::length).max().orElse(0);
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        float[] mask = new float[b * t];
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            EncodedText e = texts.get(i);
            lengths[i] = e.length();
            for (int j = 0; j < t; j++) {
                boolean real = j < e.length();
                ids[i * t + j] = real ? e.id(j) : padId;
                types[i * t + j] = real ? e.typeId(j) : 0;
                mask[i * t + j] = real ? 1f : 0f;
            }
        }
        NDArray idArray = HostArrays.of(manager, ids, new Shape(b, t));
        NDArray maskArray = HostArrays.of(manager, mask, new Shape(b, t)).toType(dtype, false);
        NDArray typeArray = HostArrays.of(manager, types, new Shape(b, t));
        return new SequenceBatch(idArray, typeArray, maskArray, lengths, dtype);
    }
}
