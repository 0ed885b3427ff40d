package dev.lexray.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.model.GradientScope;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.runtime.HostArrays;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.EncodedText;
import dev.lexray.text.SubwordEncoder;
import dev.lexray.text.Token;
import dev.lexray.text.WordGroups;
import dev.lexray.text.WordLevelEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The baseline attribution methods, on the same model code as LRP: gradients come from DJL autograd through the
 * explicit forward, perturbation methods re-run the forward on edited token sequences. Word-level methods
 * (occlusion, LIME, random) work on the words of {@link WordGroups}, those the explanation reports, and spread a
 * word's relevance evenly over its pieces.
 */
public final class Baselines {
    /** Texts per forward pass when scoring perturbed variants. */
    private static final int VARIANT_BATCH = 256;

    private Baselines() {}

    /**
     * @param targetWeights {@code [B][C]} coefficients of the explained score on the logits
     */
    public static BatchAttribution attribute(AttributionMethod method, SequentialClassifier model,
            List<EncodedText> units, double[][] targetWeights, DataType type, NDManager manager) {
        if (method instanceof AttributionMethod.Gradient || method instanceof AttributionMethod.GradientXInput) {
            return gradient(model, units, targetWeights, type, manager,
                    method instanceof AttributionMethod.GradientXInput);
        }
        if (method instanceof AttributionMethod.IntegratedGradients ig) {
            return integratedGradients(model, units, targetWeights, type, manager, ig);
        }
        if (method instanceof AttributionMethod.Occlusion o) {
            return occlusion(model, units, targetWeights, type, o.mode());
        }
        if (method instanceof AttributionMethod.Lime lime) {
            return Lime.attribute(model, units, targetWeights, type, lime);
        }
        if (method instanceof AttributionMethod.Random r) {
            return random(model, units, targetWeights, type, r.seed());
        }
        throw new IllegalArgumentException("not a baseline: " + method.name());
    }

    private static BatchAttribution gradient(SequentialClassifier model, List<EncodedText> units,
            double[][] targetWeights, DataType type, NDManager manager, boolean timesInput) {
        SequenceBatch batch = SequenceBatch.of(units, model.encoder().padId(), type, manager);
        NDArray w = weights(targetWeights, type, manager);
        NDArray emb = model.inputEmbeddings(batch);
        emb.setRequiresGradient(true);
        NDArray grad;
        double[] score;
        try (GradientScope gc = new GradientScope()) {
            NDArray scores = model.logitsFromInputEmbeddings(emb, batch).mul(w).sum(new int[] {1});
            gc.backward(scores.sum());
            score = toDoubles(scores);
            grad = emb.getGradient().duplicate();
        }
        NDArray perToken = timesInput ? grad.mul(emb.stopGradient()).sum(new int[] {2})
                : grad.square().sum(new int[] {2});
        return new BatchAttribution(rows(perToken.mul(batch.mask())), score, nan(units.size()));
    }

    private static BatchAttribution integratedGradients(SequentialClassifier model, List<EncodedText> units,
            double[][] targetWeights, DataType type, NDManager manager, AttributionMethod.IntegratedGradients ig) {
        int b = units.size();
        SequenceBatch batch = SequenceBatch.of(units, model.encoder().padId(), type, manager);
        // Transformers: the word embeddings only; positions and types stay as they are along the path.
        NDArray x = model.inputEmbeddings(batch); // [B,T,E]
        NDArray reference;
        if (ig.baseline() == AttributionMethod.Baseline.ZERO) {
            reference = x.zerosLike();
        } else {
            reference = model.inputEmbeddings(SequenceBatch.of(padded(units, model.encoder().padId()),
                    model.encoder().padId(), type, manager));
        }
        // Special tokens keep their own embedding: they are not part of the text being attributed.
        NDArray keep = specialMask(units, batch.maxLength(), type, manager).expandDims(2);
        reference = reference.mul(keep.neg().add(1)).add(x.mul(keep));
        NDArray w = weights(targetWeights, type, manager);
        double[] score = toDoubles(model.logitsFromInputEmbeddings(x, batch).mul(w).sum(new int[] {1}));
        double[] refScore = toDoubles(model.logitsFromInputEmbeddings(reference, batch).mul(w).sum(new int[] {1}));
        NDArray delta = x.sub(reference);
        NDArray gradSum = x.zerosLike();
        int perChunk = Math.max(1, VARIANT_BATCH / b);
        for (int from = 0; from < ig.steps(); from += perChunk) {
            int n = Math.min(perChunk, ig.steps() - from);
            float[] alphas = new float[n * b];
            for (int k = 0; k < n; k++) {
                Arrays.fill(alphas, k * b, (k + 1) * b, (float) ((from + k + 0.5) / ig.steps()));
            }
            NDArray alpha = HostArrays.of(manager, alphas, new Shape(n * b, 1, 1)).toType(type, false);
            NDArray path = reference.tile(new long[] {n, 1, 1}).add(delta.tile(new long[] {n, 1, 1}).mul(alpha));
            path.setRequiresGradient(true);
            SequenceBatch tiled = new SequenceBatch(batch.ids().tile(new long[] {n, 1}),
                    batch.typeIds().tile(new long[] {n, 1}), batch.mask().tile(new long[] {n, 1}),
                    repeat(batch.lengths(), n), type);
            try (GradientScope gc = new GradientScope()) {
                NDArray s = model.logitsFromInputEmbeddings(path, tiled).mul(w.tile(new long[] {n, 1})).sum();
                gc.backward(s);
                NDArray g = path.getGradient().reshape(n, b, x.getShape().get(1), x.getShape().get(2));
                gradSum = gradSum.add(g.sum(new int[] {0}));
            }
        }
        NDArray attribution = delta.mul(gradSum.div(ig.steps())).sum(new int[] {2}).mul(batch.mask());
        return new BatchAttribution(rows(attribution), score, refScore);
    }

    private static BatchAttribution occlusion(SequentialClassifier model, List<EncodedText> units,
            double[][] targetWeights, DataType type, AttributionMethod.OcclusionMode mode) {
        int unkId = unknownId(model);
        List<EncodedText> variants = new ArrayList<>();
        List<int[]> owners = new ArrayList<>(); // {unit, word}
        List<List<int[]>> words = new ArrayList<>(units.size()); // each unit's words, token positions
        for (int u = 0; u < units.size(); u++) {
            EncodedText e = units.get(u);
            variants.add(e);
            owners.add(new int[] {u, -1});
            List<int[]> unitWords = WordGroups.positions(e, model.isTransformer());
            words.add(unitWords);
            for (int w = 0; w < unitWords.size(); w++) {
                boolean[] drop = new boolean[e.length()];
                for (int i : unitWords.get(w)) {
                    drop[i] = true;
                }
                variants.add(mode == AttributionMethod.OcclusionMode.DELETE ? Words.without(e, drop)
                        : Words.replaced(e, drop, mode == AttributionMethod.OcclusionMode.UNK ? unkId
                                : model.encoder().padId()));
                owners.add(new int[] {u, w});
            }
        }
        double[] scores = Scoring.scores(model, variants, owners.stream().mapToInt(o -> o[0]).toArray(),
                targetWeights, type);
        double[][] relevance = new double[units.size()][];
        double[] base = new double[units.size()];
        for (int v = 0; v < variants.size(); v++) {
            int[] o = owners.get(v);
            if (o[1] < 0) {
                base[o[0]] = scores[v];
                relevance[o[0]] = new double[units.get(o[0]).length()];
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            int[] o = owners.get(v);
            if (o[1] >= 0) {
                Words.spread(relevance[o[0]], words.get(o[0]).get(o[1]), base[o[0]] - scores[v]);
            }
        }
        return new BatchAttribution(relevance, base, nan(units.size()));
    }

    private static BatchAttribution random(SequentialClassifier model, List<EncodedText> units,
            double[][] targetWeights, DataType type, long seed) {
        double[][] relevance = new double[units.size()][];
        for (int u = 0; u < units.size(); u++) {
            EncodedText e = units.get(u);
            Random r = new Random(seed * 31 + e.text().hashCode());
            relevance[u] = new double[e.length()];
            for (int[] word : WordGroups.positions(e, model.isTransformer())) {
                Words.spread(relevance[u], word, r.nextGaussian());
            }
        }
        double[] base = Scoring.scores(model, units, IntStream.range(0, units.size()).toArray(),
                targetWeights, type);
        return new BatchAttribution(relevance, base, nan(units.size()));
    }

    /** The id that stands for an unknown word: [UNK] (or {@code <unk>}), else padding. */
    public static int unknownId(SequentialClassifier model) {
        if (model.encoder() instanceof WordLevelEncoder w) {
            return w.vocabulary().unkId();
        }
        if (model.encoder() instanceof SubwordEncoder s && s.unknownId() >= 0) {
            return s.unknownId();
        }
        return model.encoder().padId();
    }

    private static List<EncodedText> padded(List<EncodedText> units, int padId) {
        List<EncodedText> out = new ArrayList<>(units.size());
        for (EncodedText e : units) {
            boolean[] all = new boolean[e.length()];
            for (int i = 0; i < all.length; i++) {
                all[i] = !e.isSpecial(i);
            }
            out.add(Words.replaced(e, all, padId));
        }
        return out;
    }

    private static NDArray specialMask(List<EncodedText> units, int t, DataType type, NDManager manager) {
        float[] m = new float[units.size() * t];
        for (int u = 0; u < units.size(); u++) {
            for (int i = 0; i < units.get(u).length(); i++) {
                m[u * t + i] = units.get(u).isSpecial(i) ? 1 : 0;
            }
        }
        return HostArrays.of(manager, m, new Shape(units.size(), t)).toType(type, false);
    }

    /** The target coefficients as a {@code [B,C]} array of the compute type. */
    public static NDArray weights(double[][] w, DataType type, NDManager manager) {
        int b = w.length;
        int c = w[0].length;
        double[] flat = new double[b * c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(w[i], 0, flat, i * c, c);
        }
        return HostArrays.of(manager, flat, new Shape(b, c)).toType(type, false);
    }

    private static int[] repeat(int[] a, int n) {
        int[] out = new int[a.length * n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(a, 0, out, k * a.length, a.length);
        }
        return out;
    }

    static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static double[][] rows(NDArray m) {
        int b = (int) m.getShape().get(0);
        int t = (int) m.getShape().get(1);
        double[] flat = toDoubles(m);
        double[][] out = new double[b][t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * t, out[i], 0, t);
        }
        return out;
    }

    static double[] nan(int n) {
        double[] d = new double[n];
        Arrays.fill(d, Double.NaN);
        return d;
    }

    static Token token(EncodedText e, int i) {
        return e.tokens().get(i);
    }
}
