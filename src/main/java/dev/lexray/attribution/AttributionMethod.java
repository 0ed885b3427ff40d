package dev.lexray.attribution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How relevance is computed. {@link Lrp} is Lexray's method; the others are the usual baselines, producing the same
 * {@code Explanation} type so that reports and evaluations compare them directly.
 */
public sealed interface AttributionMethod {
    /** The name as the CLI and JSON spell it. */
    String name();

    /**
     * The method's parameters by their JSON names, all of them, so that
     * {@code Methods.forName(m.name(), m.parameters()).equals(m)}.
     */
    Map<String, Object> parameters();

    /** Layer-wise Relevance Propagation with the options' rules. */
    record Lrp() implements AttributionMethod {
        public String name() {
            return "lrp";
        }

        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    /** Saliency: the squared L2 norm of the target score's gradient at each word's embedding (Arras et al.). */
    record Gradient() implements AttributionMethod {
        public String name() {
            return "gradient";
        }

        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    /** The sum over the embedding of embedding times gradient. */
    record GradientXInput() implements AttributionMethod {
        public String name() {
            return "gradient-x-input";
        }

        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    /**
     * Integrated Gradients (Sundararajan et al. 2017) along the straight line from a baseline (the padding embedding
     * at every word, or zeros) to the input, midpoint Riemann sum over {@code steps}. Special tokens keep their
     * embeddings. The completeness gap is reported as the conservation residual.
     */
    record IntegratedGradients(int steps, Baseline baseline) implements AttributionMethod {
        public IntegratedGradients {
            if (steps < 1) {
                throw new IllegalArgumentException("integrated gradients needs at least 1 step");
            }
        }

        public String name() {
            return "integrated-gradients";
        }

        public Map<String, Object> parameters() {
            return Map.of("steps", steps, "baseline", baseline.jsonName());
        }
    }

    /** Leave one word out (replace it by [UNK] or padding, or delete it); relevance = drop of the target score. */
    record Occlusion(OcclusionMode mode) implements AttributionMethod {
        public String name() {
            return "occlusion";
        }

        public Map<String, Object> parameters() {
            return Map.of("mode", mode.jsonName());
        }
    }

    /**
     * LIME (Ribeiro et al. 2016) for text: {@code samples} perturbations removing random words, cosine-distance
     * kernel of width 25, weighted ridge regression (alpha 1) of the target score on word presence. Seeded.
     */
    record Lime(int samples, long seed) implements AttributionMethod {
        public Lime {
            if (samples < 2) {
                throw new IllegalArgumentException("LIME needs at least 2 samples");
            }
        }

        public String name() {
            return "lime";
        }

        public Map<String, Object> parameters() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", samples);
            m.put("seed", seed);
            return m;
        }
    }

    /** A seeded random control: standard normal relevance per word. */
    record Random(long seed) implements AttributionMethod {
        public String name() {
            return "random";
        }

        public Map<String, Object> parameters() {
            return Map.of("seed", seed);
        }
    }

    /** Integrated Gradients' starting point: the padding token's word embedding, or zeros. */
    enum Baseline {
        PAD, ZERO;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What occlusion puts in a word's place. */
    enum OcclusionMode {
        UNK, PAD, DELETE;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
