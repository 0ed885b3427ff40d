package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Word + position (+ token type) embeddings and LayerNorm, as BERT, RoBERTa and DistilBERT compute them.
 * RoBERTa numbers positions from {@code padding_idx + 1} ({@code positionOffset}); the others from 0.
 * Llama-style decoders have the token embeddings alone (rotary positions live in attention).
 *
 * @param positionName position embedding tensor, or null (Llama-style decoders have none)
 * @param typeName token type embedding tensor, or null (DistilBERT has none)
 * @param norm the embedding LayerNorm, or null (decoders have none)
 */
public record TransformerEmbeddingLayer(String name, String wordName, String positionName, String typeName,
        LayerNorm norm, int positionOffset) implements Layer {
    @Override
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>(List.of(wordName));
        if (positionName != null) {
            out.add(positionName);
        }
        if (typeName != null) {
            out.add(typeName);
        }
        if (norm != null) {
            out.addAll(norm.parameterNames());
        }
        return List.copyOf(out);
    }

    @Override
    public TransformerEmbeddingStep forward(NDArray ids, ForwardContext context) {
        return forwardFromWords(wordEmbeddings(ids, context), ids, context);
    }

    /** The summed input embeddings {@code [B,T,H]} (before LayerNorm): where token relevance is read. */
    public NDArray embed(NDArray ids, ForwardContext context) {
        return withPositionAndType(wordEmbeddings(ids, context), ids, context);
    }

    /**
     * The word (token) embeddings {@code [B,T,H]} alone, HF's {@code inputs_embeds}: where gradient methods take
     * their gradient, since the summed embedding feeds a scale-invariant LayerNorm ({@code x . dL/dx = 0} there).
     */
    public NDArray wordEmbeddings(NDArray ids, ForwardContext context) {
        NDArray words = context.parameters().get(wordName, context.dtype());
        Shape s = ids.getShape();
        return words.get(ids.reshape(-1)).reshape(s.get(0), s.get(1), words.getShape().get(1));
    }

    /** Word embeddings plus the batch's position (+ token type) embeddings, in the order the forward adds them. */
    private NDArray withPositionAndType(NDArray words, NDArray ids, ForwardContext context) {
        Parameters p = context.parameters();
        Shape s = ids.getShape();
        long hidden = words.getShape().get(2);
        if (positionName == null) {
            return words; // no position or type table
        }
        NDArray positions = p.get(positionName, context.dtype());
        NDArray posIds;
        if (positionOffset == 0) {
            posIds = ids.getManager().arange(0, (int) s.get(1), 1, DataType.INT64).expandDims(0).repeat(0, s.get(0));
        } else {
            // HF create_position_ids_from_input_ids: padding_idx + cumulative count of real tokens; padding stays.
            NDArray mask = context.batch().mask().toType(DataType.INT64, false);
            posIds = mask.cumSum(1).mul(mask).add(positionOffset - 1);
        }
        NDArray x = words.add(positions.get(posIds.reshape(-1)).reshape(s.get(0), s.get(1), hidden));
        if (typeName != null) {
            NDArray types = p.get(typeName, context.dtype());
            NDArray typeIds = context.batch().typeIds();
            x = x.add(types.get(typeIds.reshape(-1)).reshape(s.get(0), s.get(1), hidden));
        }
        return x;
    }

    /**
     * LayerNorm of given summed embeddings (used by gradient methods that attach gradients to them); the step has no
     * separate word embeddings (its {@code words} is the sum).
     */
    public TransformerEmbeddingStep forwardFrom(NDArray sum, ForwardContext context) {
        return step(sum, sum, context);
    }

    private TransformerEmbeddingStep step(NDArray words, NDArray sum, ForwardContext context) {
        return new TransformerEmbeddingStep(name, words, sum, norm == null ? null : norm.forward(sum, context));
    }

    /**
     * The forward from given word embeddings ({@code inputs_embeds}), with the batch's position and type embeddings
     * added as constants: gradients reach the word embeddings only.
     */
    public TransformerEmbeddingStep forwardFromWords(NDArray words, NDArray ids, ForwardContext context) {
        return step(words, withPositionAndType(words, ids, context), context);
    }
}
