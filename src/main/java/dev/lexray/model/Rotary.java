package dev.lexray.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.runtime.LexrayException;
import java.util.Locale;

/**
 * Rotary position embeddings as HF computes their inverse frequencies ({@code modeling_rope_utils}): pair i of a
 * head turns by {@code pos * invFreq[i]}, {@code invFreq[i] = theta^(-2i/d)}, optionally rescaled for contexts
 * longer than the model was pre-trained on ({@code rope_scaling}).
 */
public record Rotary(double theta, Scaling scaling) {
    /** How {@code rope_scaling} changes the inverse frequencies. */
    public sealed interface Scaling {
        double[] apply(double[] inverseFrequencies);
    }

    /** No {@code rope_scaling} (or {@code rope_type} {@code default}). */
    public record None() implements Scaling {
        @Override
        public double[] apply(double[] f) {
            return f;
        }
    }

    /** {@code linear}: every frequency divided by {@code factor} (positions interpolated). */
    public record Linear(double factor) implements Scaling {
        @Override
        public double[] apply(double[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i] / factor;
            }
            return out;
        }
    }

    /**
     * {@code llama3} (Llama 3.1 and later): wavelengths longer than {@code originalContext / lowFreqFactor} are
     * divided by {@code factor}, those shorter than {@code originalContext / highFreqFactor} kept, and the ones between
     * interpolated smoothly, exactly as HF's {@code _compute_llama3_parameters}.
     */
    public record Llama3(double factor, double lowFreqFactor, double highFreqFactor, double originalContext)
            implements Scaling {
        @Override
        public double[] apply(double[] f) {
            double lowFreqWavelen = originalContext / lowFreqFactor;
            double highFreqWavelen = originalContext / highFreqFactor;
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                double wavelen = 2 * Math.PI / f[i];
                double scaled = wavelen > lowFreqWavelen ? f[i] / factor : f[i];
                boolean medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
                if (medium) {
                    double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    scaled = (1 - smooth) * scaled / factor + smooth * scaled;
                }
                out[i] = scaled;
            }
            return out;
        }
    }

    /** {@code invFreq[i]} for the {@code headDim / 2} pairs of a head. */
    public double[] inverseFrequencies(int headDim) {
        double[] f = new double[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
        }
        return scaling.apply(f);
    }

    /**
     * Reads {@code rope_theta} and {@code rope_scaling} of a config; a scaling type whose attention factor is not 1
     * ({@code yarn}, {@code longrope}) or that depends on the sequence length ({@code dynamic}) is refused by name.
     */
    static Rotary read(HfConfig c) {
        double theta = c.doubleOr("rope_theta", 10000.0);
        JsonNode s = c.json().path("rope_scaling");
        if (!s.isObject()) {
            return new Rotary(theta, new None());
        }
        String type = s.path("rope_type").asText(s.path("type").asText("default")).toLowerCase(Locale.ROOT);
        return new Rotary(theta, switch (type) {
            case "default" -> new None();
            case "linear" -> new Linear(positive(c, s, "factor"));
            case "llama3" -> new Llama3(positive(c, s, "factor"), positive(c, s, "low_freq_factor"),
                    positive(c, s, "high_freq_factor"), positive(c, s, "original_max_position_embeddings"));
            default -> throw new LexrayException(c.file() + ": rope_scaling type \"" + type + "\" is not supported "
                    + "(default, linear and llama3 are)");
        });
    }

    private static double positive(HfConfig c, JsonNode s, String key) {
        double v = s.path(key).asDouble(Double.NaN);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new LexrayException(c.file() + ": rope_scaling needs a positive \"" + key + "\"");
        }
        return v;
    }
}
