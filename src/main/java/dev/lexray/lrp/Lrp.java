package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.lexray.model.ConvolutionStep;
import dev.lexray.model.DecoderLayerStep;
import dev.lexray.model.DenseStep;
import dev.lexray.model.EmbeddingStep;
import dev.lexray.model.EncoderLayerStep;
import dev.lexray.model.Gpt2LayerStep;
import dev.lexray.model.NormStep;
import dev.lexray.model.PoolingStep;
import dev.lexray.model.RecurrentStep;
import dev.lexray.model.Step;
import dev.lexray.model.Trace;
import dev.lexray.model.TransformerEmbeddingStep;
import java.util.List;

/**
 * Layer-wise Relevance Propagation over a recorded forward pass: relevance starts at the target score on the
 * logits and is handed back layer by layer, each with the rule its {@link Composite} assigns, down to the tokens.
 */
public final class Lrp {
    /**
     * Relevance per token {@code [B,T]} (0 on padding), what initial recurrent states absorbed {@code [B]}, and the
     * explained score {@code [B]}.
     */
    public record Result(NDArray tokens, NDArray initialState, NDArray targetScore) {}

    private Lrp() {}

    /**
     * Consumes the trace's recurrent states: they are freed as soon as relevance has passed below their layer, so
     * explain a trace once.
     *
     * @param targetWeights {@code [B,C]}: the explained score of text b is {@code sum_c targetWeights[b,c] *
     *     logits[b,c]} (a one-hot row for one class, +1/-1 for a contrast); class c starts with that share of it
     */
    public static Result explain(Trace trace, NDArray targetWeights, Composite composite) {
        return explain(trace, targetWeights, composite, true);
    }

    /**
     * As {@link #explain(Trace, NDArray, Composite)}; with {@code releaseStates} false the trace stays whole, so it
     * can be explained again for another target (every class of a batch from one forward pass).
     */
    public static Result explain(Trace trace, NDArray targetWeights, Composite composite, boolean releaseStates) {
        return explain(trace, targetWeights, composite, releaseStates, null);
    }

    /**
     * As {@link #explain(Trace, NDArray, Composite, boolean)}, reporting every layer to {@code recorder} (null for
     * none) as relevance passes below it.
     */
    public static Result explain(Trace trace, NDArray targetWeights, Composite composite, boolean releaseStates,
            LayerRecorder recorder) {
        NDArray relevance = trace.logits().mul(targetWeights);
        NDArray targetScore = relevance.sum(new int[] {1});
        NDArray initial = targetScore.zerosLike();
        NDArray tokens = null;
        List<Step> steps = trace.steps();
        int inputLayer = inputLayer(steps);
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            // A scope per layer frees the propagation's temporaries as soon as relevance has passed below the layer;
            // only the relevance handed down (and what initial states absorbed) lives on.
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray above = relevance;
                NDArray absorbedByStates = null;
                if (step instanceof DenseStep dense) {
                    relevance = DensePropagation.propagate(dense, composite.ruleFor(dense.layer(), i == inputLayer),
                            relevance);
                } else if (step instanceof ConvolutionStep convolution) {
                    relevance = ConvolutionPropagation.propagate(convolution, relevance, composite, i == inputLayer,
                            composite.recurrentRule().biasFactor());
                } else if (step instanceof PoolingStep pooling) {
                    relevance = PoolingPropagation.propagate(pooling, relevance,
                            composite.recurrentRule().biasFactor());
                } else if (step instanceof RecurrentStep recurrent) {
                    RecurrentPropagation.Result r =
                            RecurrentPropagation.propagate(recurrent, relevance, composite.recurrentRule());
                    relevance = r.input();
                    initial = initial.add(r.initialState());
                    absorbedByStates = r.initialState();
                } else if (step instanceof EncoderLayerStep encoder) {
                    relevance = EncoderPropagation.propagate(encoder, relevance, composite, recorder);
                } else if (step instanceof DecoderLayerStep decoder) {
                    relevance = DecoderPropagation.propagate(decoder, relevance, composite, recorder);
                } else if (step instanceof Gpt2LayerStep gpt2) {
                    relevance = Gpt2Propagation.propagate(gpt2, relevance, composite, recorder);
                } else if (step instanceof NormStep norm) {
                    relevance = norm.rmsNorm() != null
                            ? RmsNormPropagation.propagate(norm.rmsNorm(), relevance, composite.transformerRule())
                            : LayerNormPropagation.propagate(norm.layerNorm(), relevance, composite.transformerRule());
                } else if (step instanceof TransformerEmbeddingStep embedding) {
                    // LayerNorm (where there is one), then the token's relevance is the sum over the hidden dimension
                    // of its summed word + position + type embedding (decoders: the token embedding alone).
                    NDArray atSum = embedding.norm() == null ? relevance : LayerNormPropagation.propagate(
                            embedding.norm(), relevance, composite.transformerRule());
                    if (composite.transformer().wordEmbeddingsOnly()) {
                        // LXT: inputs_embeds x gradient, the gradient at the sum being its relevance over its value.
                        atSum = embedding.words().mul(Tensors.safeDivide(atSum, embedding.sum()));
                    }
                    tokens = atSum.sum(new int[] {2}).mul(trace.batch().mask());
                } else if (step instanceof EmbeddingStep) {
                    // A word's relevance is the sum over its embedding dimensions.
                    tokens = relevance.sum(new int[] {2}).mul(trace.batch().mask());
                }
                if (recorder != null) {
                    // before anything of the layer is freed: the recorder copies what it needs at once
                    recorder.layer(step, above, tokens != null ? tokens : relevance, absorbedByStates);
                }
                if (releaseStates && step instanceof RecurrentStep recurrent) {
                    RecurrentPropagation.release(recurrent);
                }
                NDScope.unregister(relevance, initial);
                if (tokens != null) {
                    NDScope.unregister(tokens);
                }
            }
            NDScope.register(relevance);
            NDScope.register(initial);
            if (tokens != null) {
                NDScope.register(tokens);
            }
        }
        if (tokens == null) {
            throw new IllegalStateException("the trace has no embedding step");
        }
        return new Result(tokens, initial, targetScore);
    }

    /**
     * The index of the input layer: the first dense or convolution step that reads the word embeddings directly
     * (after nothing but embedding and pooling steps), or -1 when recurrent or encoder layers come first.
     */
    static int inputLayer(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof DenseStep || step instanceof ConvolutionStep) {
                return i;
            }
            if (!(step instanceof EmbeddingStep) && !(step instanceof PoolingStep)) {
                return -1;
            }
        }
        return -1;
    }
}
