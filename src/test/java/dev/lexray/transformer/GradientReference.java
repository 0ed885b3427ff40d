package dev.lexray.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.nn.Activation;
import dev.lexray.model.DecoderLayer;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.Gpt2Layer;
import dev.lexray.model.ForwardContext;
import dev.lexray.model.Layer;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.TransformerEmbeddingLayer;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.EncodedText;
import java.util.List;

/**
 * Gradient x input on the summed input embeddings (word + position + type, before the embedding LayerNorm), by DJL
 * autograd, in float64: an attribution computed by a code path that shares nothing with the LRP propagation except
 * the layers' forward.
 *
 * <p>{@link Mode#CP_LRP}: the classifier's own layers with {@code detachForGradient} (attention probabilities and
 * LayerNorm scales constant, GELU/tanh as a fixed per-unit scale); LRP-0 equals gradient x input there.
 *
 * <p>{@link Mode#ATTN_LRP}: the same, except that self-attention is written out here with the probabilities kept
 * in the gradient (the softmax rule {@code x_i (R_i - s_i sum_j R_j)} is gradient x input of softmax) and both
 * matrix products {@code QK^T} and {@code AV} giving each factor half the gradient (the uniform rule).
 */
final class GradientReference {
    enum Mode {
        CP_LRP, ATTN_LRP,
        /** AttnLRP with the query/key path cut (probabilities frozen, {@code AV} still halved). */
        ATTN_LRP_VALUES_ONLY
    }

    private GradientReference() {}

    /**
     * Per-token gradient x input {@code [B][T]} (padding 0) of {@code sum_b sum_c weights[b][c] logits[b][c]}, at the
     * summed embeddings and at the word embeddings alone, and the logits, for texts encoded by the classifier's own
     * encoder.
     */
    record Result(double[][] tokens, double[][] wordTokens, double[][] logits) {}

    static Result compute(SequentialClassifier classifier, List<String> texts, double[][] weights, Mode mode) {
        List<EncodedText> encoded = texts.stream().map(classifier.encoder()::encode).toList();
        int b = texts.size();
        int classes = classifier.labels().size();
        try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch batch = SequenceBatch.of(encoded, classifier.encoder().padId(), DataType.FLOAT64, manager);
            ForwardContext context = new ForwardContext(classifier.parameters(), DataType.FLOAT64, batch, true);
            List<Layer> layers = classifier.layers();
            TransformerEmbeddingLayer embedding = (TransformerEmbeddingLayer) layers.get(0);
            double[] flat = new double[b * classes];
            for (int i = 0; i < b; i++) {
                System.arraycopy(weights[i], 0, flat, i * classes, classes);
            }
            NDArray w = manager.create(flat, new Shape(b, classes));
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray sum = embedding.embed(batch.ids(), context);
                sum.setRequiresGradient(true);
                NDArray x = embedding.forwardFrom(sum, context).output();
                for (Layer layer : layers.subList(1, layers.size())) {
                    if (mode != Mode.CP_LRP && layer instanceof EncoderLayer e) {
                        x = attnLrpForward(e, x, context, mode == Mode.ATTN_LRP);
                    } else if (mode != Mode.CP_LRP && layer instanceof Gpt2Layer g) {
                        x = attnLrpForward(g, x, context, mode == Mode.ATTN_LRP);
                    } else if (mode != Mode.CP_LRP && layer instanceof DecoderLayer d) {
                        x = attnLrpForward(d, x, context, mode == Mode.ATTN_LRP);
                    } else {
                        x = layer.forward(x, context).output();
                    }
                }
                NDArray score = x.mul(w).sum();
                collector.backward(score);
                NDArray gradient = sum.getGradient();
                NDArray tokens = sum.mul(gradient).sum(new int[] {2}).mul(batch.mask());
                // LXT's reading: inputs_embeds (the word embeddings) times the gradient, which they share with the sum.
                NDArray words = embedding.wordEmbeddings(batch.ids(), context);
                NDArray wordTokens = words.mul(gradient).sum(new int[] {2}).mul(batch.mask());
                return new Result(rows(tokens), rows(wordTokens), rows(x.stopGradient()));
            }
        }
    }

    /** An encoder layer as {@link EncoderLayer#forward}, with AttnLRP's view of self-attention for the gradient. */
    private static NDArray attnLrpForward(EncoderLayer l, NDArray x, ForwardContext context, boolean queryKey) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long hidden = x.getShape().get(2);
        long d = hidden / l.heads();
        NDArray q = heads(l.query().forward(x, context).output(), b, t, d);
        NDArray k = heads(l.key().forward(x, context).output(), b, t, d);
        NDArray v = heads(l.value().forward(x, context).output(), b, t, d);
        NDArray scores = halfProduct(q, k.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        NDArray keyMask = context.batch().mask().reshape(b, 1, 1, t);
        NDArray probs = scores.add(keyMask.neg().add(1).mul(-1e9)).softmax(-1);
        if (!queryKey) {
            probs = probs.stopGradient();
        }
        NDArray merged = halfProduct(probs, v).transpose(0, 2, 1, 3).reshape(b, t, hidden);
        NDArray out = l.attentionOutput().forward(merged, context).output();
        NDArray y1 = l.attentionNorm().forward(x.add(out), context).output();
        NDArray f = l.ffnOut().forward(l.ffnIn().forward(y1, context).output(), context).output();
        return l.outputNorm().forward(y1.add(f), context).output();
    }

    /**
     * A decoder layer as {@link DecoderLayer#forward}, with AttnLRP's view: probabilities kept, both attention
     * products and the SwiGLU product {@code silu(gate) * up} halved, SiLU as a fixed per-unit scale (identity rule),
     * RMSNorm's normaliser constant (the context's detach).
     */
    private static NDArray attnLrpForward(DecoderLayer l, NDArray x, ForwardContext context, boolean queryKey) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = l.headDim();
        NDArray n1 = l.inputNorm().forward(x, context).output();
        NDArray[] cosSin = l.rotary(x, (int) t, context.dtype());
        NDArray q = DecoderLayer.rotate(heads(l.query().forward(n1, context).output(), b, t, d), cosSin);
        NDArray k = l.repeatKv(DecoderLayer.rotate(heads(l.key().forward(n1, context).output(), b, t, d), cosSin));
        NDArray v = l.repeatKv(heads(l.value().forward(n1, context).output(), b, t, d));
        NDArray scores = halfProduct(q, k.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        NDArray visible = DecoderLayer.visible(context.batch().mask(), (int) t, l.slidingWindow());
        NDArray probs = scores.add(visible.neg().add(1).mul(-1e9)).softmax(-1);
        if (!queryKey) {
            probs = probs.stopGradient();
        }
        NDArray merged = EncoderLayer.mergeHeads(halfProduct(probs, v));
        NDArray r = x.add(l.attentionOutput().forward(merged, context).output());
        NDArray n2 = l.postAttentionNorm().forward(r, context).output();
        NDArray g = l.gate().forward(n2, context).output();
        NDArray silu = g.mul(Activation.sigmoid(g).stopGradient()); // identity rule: g * fixed sigmoid(g)
        NDArray u = l.up().forward(n2, context).output();
        NDArray h = silu.mul(u.stopGradient()).add(silu.stopGradient().mul(u)).mul(0.5);
        return r.add(l.down().forward(h, context).output());
    }

    /** A GPT-2 block as {@link Gpt2Layer#forward}, with AttnLRP's view of causal self-attention. */
    private static NDArray attnLrpForward(Gpt2Layer l, NDArray x, ForwardContext context, boolean queryKey) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2) / l.heads();
        NDArray n1 = l.attentionNorm().forward(x, context).output();
        NDArray q = heads(l.query().forward(n1, context).output(), b, t, d);
        NDArray k = heads(l.key().forward(n1, context).output(), b, t, d);
        NDArray v = heads(l.value().forward(n1, context).output(), b, t, d);
        NDArray scores = halfProduct(q, k.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        NDArray visible = DecoderLayer.visible(context.batch().mask(), (int) t, 0);
        NDArray probs = scores.add(visible.neg().add(1).mul(-1e9)).softmax(-1);
        if (!queryKey) {
            probs = probs.stopGradient();
        }
        NDArray merged = EncoderLayer.mergeHeads(halfProduct(probs, v));
        NDArray r = x.add(l.attentionOutput().forward(merged, context).output());
        NDArray n2 = l.mlpNorm().forward(r, context).output();
        return r.add(l.ffnOut().forward(l.ffnIn().forward(n2, context).output(), context).output());
    }

    /** {@code a @ b} whose gradient reaches each factor halved. */
    private static NDArray halfProduct(NDArray a, NDArray b) {
        return a.matMul(b.stopGradient()).add(a.stopGradient().matMul(b)).mul(0.5);
    }

    private static NDArray heads(NDArray x, long b, long t, long d) {
        return x.reshape(b, t, -1, d).transpose(0, 2, 1, 3);
    }

    private static double[][] rows(NDArray matrix) {
        long[] shape = matrix.getShape().getShape();
        int r = (int) shape[0];
        int c = (int) shape[1];
        double[] flat = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }
}
