package dev.lexray.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GPT2ForSequenceClassification}: {@code transformer.wte} + {@code wpe} (positions 0..T-1), pre-LayerNorm
 * blocks under {@code transformer.h.<i>.}, {@code transformer.ln_f}, and {@code score} (no bias) at the last real
 * token. HF stores {@code c_attn}, {@code c_proj} and {@code c_fc} as {@code Conv1D}, weight {@code [in, out]}, and
 * {@code c_attn} fuses q|k|v: they are checked as stored, then split and transposed into torch {@code Linear} tensors
 * ({@code <block>attn.q.weight} and so on) for the layers.
 */
final class Gpt2Architecture implements TransformerArchitecture<Gpt2Sizes> {
    private static final String[] QKV = {"q", "k", "v"};

    @Override
    public String name() {
        return "gpt2";
    }

    @Override
    public String className() {
        return "GPT2ForSequenceClassification";
    }

    @Override
    public Gpt2Sizes read(HfConfig config) {
        return Gpt2Sizes.read(config, name());
    }

    @Override
    public void addLayers(Gpt2Sizes d, int numLabels, LayerPlan plan) {
        int h = d.hidden();
        plan.expect("transformer.wte.weight", d.vocab(), h);
        plan.expect("transformer.wpe.weight", d.positions(), h);
        plan.add(new TransformerEmbeddingLayer("embeddings", "transformer.wte.weight", "transformer.wpe.weight", null,
                null, 0));
        for (int i = 0; i < d.layers(); i++) {
            String l = "transformer.h." + i + ".";
            String name = "decoder." + i;
            plan.expect(l + "attn.c_attn.weight", h, 3L * h);
            plan.expect(l + "attn.c_attn.bias", 3L * h);
            conv1d(plan, l + "attn.c_proj", h, h);
            conv1d(plan, l + "mlp.c_fc", h, d.inner());
            conv1d(plan, l + "mlp.c_proj", d.inner(), h);
            plan.add(new Gpt2Layer(name, d.heads(), plan.norm(l + "ln_1", h, d.eps()),
                    linear(name + ".query", l + "attn.q", null),
                    linear(name + ".key", l + "attn.k", null),
                    linear(name + ".value", l + "attn.v", null),
                    linear(name + ".attention_output", l + "attn.c_proj", null),
                    plan.norm(l + "ln_2", h, d.eps()),
                    linear(name + ".ffn_in", l + "mlp.c_fc", d.act()),
                    linear(name + ".ffn_out", l + "mlp.c_proj", null)));
        }
        plan.add(new NormLayer("final_norm", plan.norm("transformer.ln_f", h, d.eps())));
        plan.add(new TimePooling("last_token", TimePooling.Kind.LAST, h, false));
        plan.add(LlamaArchitecture.linear(plan, "classifier", "score", numLabels, h, false));
    }

    @Override
    public int window(Gpt2Sizes d) {
        return d.positions();
    }

    /** Conv1D weights to torch Linear ones ({@code [out, in]}), the fused q|k|v split into three. */
    @Override
    public Map<String, Tensor> toLayerLayout(Gpt2Sizes d, Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>(tensors);
        int h = d.hidden();
        for (int i = 0; i < d.layers(); i++) {
            String l = "transformer.h." + i + ".";
            Tensor w = out.remove(l + "attn.c_attn.weight");
            Tensor b = out.remove(l + "attn.c_attn.bias");
            for (int part = 0; part < 3; part++) {
                String prefix = l + "attn." + QKV[part];
                out.put(prefix + ".weight", transposed(prefix + ".weight", w, part * h, h));
                float[] bias = new float[h];
                System.arraycopy(b.values(), part * h, bias, 0, h);
                out.put(prefix + ".bias", new Tensor(prefix + ".bias", new long[] {h}, bias));
            }
            for (String conv : new String[] {"attn.c_proj", "mlp.c_fc", "mlp.c_proj"}) {
                Tensor c = out.get(l + conv + ".weight");
                out.put(l + conv + ".weight", transposed(c.name(), c, 0, (int) c.dim(1)));
            }
        }
        return out;
    }

    private static void conv1d(LayerPlan plan, String prefix, int in, int out) {
        plan.expect(prefix + ".weight", in, out);
        plan.expect(prefix + ".bias", out);
    }

    private static DenseLayer linear(String name, String prefix, DenseLayer.Activation act) {
        return new DenseLayer(name, prefix + ".weight", prefix + ".bias",
                act == null ? DenseLayer.Activation.IDENTITY : act);
    }

    /** Columns {@code from .. from+count} of a {@code [in, out]} weight as a {@code [count, in]} one. */
    private static Tensor transposed(String name, Tensor w, int from, int count) {
        int in = (int) w.dim(0);
        int cols = (int) w.dim(1);
        float[] v = w.values();
        float[] t = new float[count * in];
        for (int o = 0; o < count; o++) {
            for (int j = 0; j < in; j++) {
                t[o * in + j] = v[j * cols + from + o];
            }
        }
        return new Tensor(name, new long[] {count, in}, t);
    }
}
