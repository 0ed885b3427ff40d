package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyTransformers.Family;
import dev.lexray.testing.TinyTransformers.Options;
import dev.lexray.testing.TinyTransformers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A broken HF directory fails with a {@link LexrayException} that says what is wrong and what to do. */
class TransformerLoaderErrorsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void theTinyDirectoriesLoad(Family family) {
        try (LexrayModel model = Lexray.load(TinyTransformers.write(tmp, family))) {
            assertThat(model.labels()).containsExactlyElementsOf(TinyTransformers.LABELS);
            assertThat(model.architecture()).isEqualTo(family.modelType());
        }
    }

    @Test
    void pytorchModelBinOnly() throws IOException {
        Path dir = TinyTransformers.write(tmp, Family.BERT);
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b, 3, 4});
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("pytorch_model.bin").hasMessageContaining("safe_serialization=True");
    }

    @Test
    void noWeightsAtAll() throws IOException {
        Path dir = TinyTransformers.write(tmp, Family.DISTILBERT);
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void unsupportedModelType() {
        ObjectNode config = TinyTransformers.config(Family.BERT, Options.defaults());
        config.put("model_type", "deberta-v2");
        config.putArray("architectures").add("DebertaV2ForSequenceClassification");
        Path dir = write(config, Family.BERT);
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("deberta-v2").hasMessageContaining("not supported")
                .hasMessageContaining("BertForSequenceClassification");
    }

    @Test
    void notASequenceClassifier() {
        ObjectNode config = TinyTransformers.config(Family.BERT, Options.defaults());
        config.putArray("architectures").add("BertForMaskedLM");
        Path dir = write(config, Family.BERT);
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("BertForMaskedLM").hasMessageContaining("sequence classifier");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void missingTensorIsNamed(Family family) {
        Map<String, Tensor> tensors = TinyTransformers.tensors(family, Options.defaults());
        String name = family == Family.DISTILBERT ? "distilbert.transformer.layer.1.ffn.lin2.bias"
                : family.modelType() + ".encoder.layer.1.attention.self.key.weight";
        tensors.remove(name);
        Path dir = TinyTransformers.write(tmp.resolve("missing-" + family),
                TinyTransformers.config(family, Options.defaults()), tensors, TinyTransformers.tokenizerJson(family));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("lacks tensor").hasMessageContaining(name);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void wrongShapeIsNamed(Family family) {
        Map<String, Tensor> tensors = TinyTransformers.tensors(family, Options.defaults());
        String name = family == Family.DISTILBERT ? "pre_classifier.weight"
                : family.modelType() + ".encoder.layer.0.intermediate.dense.weight";
        Tensor t = tensors.get(name);
        long[] shape = t.shape();
        tensors.put(name, new Tensor(name, new long[] {shape[1], shape[0]}, t.values()));
        if (family == Family.DISTILBERT) {
            tensors.put(name, new Tensor(name, new long[] {shape[0] / 2, shape[1] * 2}, t.values()));
        }
        Path dir = TinyTransformers.write(tmp.resolve("shape-" + family),
                TinyTransformers.config(family, Options.defaults()), tensors, TinyTransformers.tokenizerJson(family));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining(name).hasMessageContaining("shape");
    }

    @Test
    void unexpectedTensorIsNamed() {
        Map<String, Tensor> tensors = TinyTransformers.tensors(Family.ROBERTA, Options.defaults());
        tensors.put("roberta.encoder.layer.2.output.dense.bias",
                new Tensor("roberta.encoder.layer.2.output.dense.bias", new long[] {12}, new float[12]));
        Path dir = TinyTransformers.write(tmp.resolve("extra"),
                TinyTransformers.config(Family.ROBERTA, Options.defaults()), tensors,
                TinyTransformers.tokenizerJson(Family.ROBERTA));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("roberta.encoder.layer.2.output.dense.bias");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void missingTokenizer(Family family) throws IOException {
        Path dir = TinyTransformers.write(tmp, family);
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("save_pretrained");
    }

    @Test
    void unreadableTokenizer() throws IOException {
        Path dir = TinyTransformers.write(tmp, Family.BERT);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"NoSuchModel\"}}");
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("tokenizer.json");
    }

    @Test
    void tokenizerWithIdsBeyondTheEmbeddings() {
        // Embeddings for 20 tokens, a tokenizer with 43: "acting" (id 27) would index past the table.
        ObjectNode config = TinyTransformers.config(Family.BERT, Options.defaults());
        config.put("vocab_size", 20);
        Map<String, Tensor> tensors = TinyTransformers.tensors(Family.BERT, Options.defaults());
        Tensor w = tensors.get("bert.embeddings.word_embeddings.weight");
        tensors.put(w.name(), new Tensor(w.name(), new long[] {20, 12}, Arrays.copyOf(w.values(), 240)));
        Path dir = TinyTransformers.write(tmp.resolve("vocab"), config, tensors,
                TinyTransformers.tokenizerJson(Family.BERT));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("vocab_size 20");
    }

    @Test
    void padIdOutsideTheVocabulary() {
        ObjectNode config = TinyTransformers.config(Family.ROBERTA, Options.defaults());
        config.put("pad_token_id", 500);
        assertThatThrownBy(() -> Lexray.load(write(config, Family.ROBERTA))).isInstanceOf(LexrayException.class)
                .hasMessageContaining("pad_token_id 500");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void hiddenNotDivisibleByHeads(Family family) {
        Options o = Options.defaults().withDims(12, 5);
        Path dir = TinyTransformers.write(tmp.resolve("heads-" + family), TinyTransformers.config(family, o),
                TinyTransformers.tensors(family, o), TinyTransformers.tokenizerJson(family));
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("12").hasMessageContaining("5 attention heads");
    }

    @Test
    void missingDimension() {
        ObjectNode config = TinyTransformers.config(Family.DISTILBERT, Options.defaults());
        config.remove("n_heads");
        Path dir = write(config, Family.DISTILBERT);
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("n_heads");
    }

    @Test
    void unsupportedActivationAndPositions() {
        ObjectNode config = TinyTransformers.config(Family.BERT, Options.defaults());
        config.put("hidden_act", "swish");
        assertThatThrownBy(() -> Lexray.load(write(config, Family.BERT))).isInstanceOf(LexrayException.class)
                .hasMessageContaining("swish");
        ObjectNode relative = TinyTransformers.config(Family.BERT, Options.defaults());
        relative.put("position_embedding_type", "relative_key");
        assertThatThrownBy(() -> Lexray.load(write(relative, Family.BERT))).isInstanceOf(LexrayException.class)
                .hasMessageContaining("relative_key");
    }

    private Path write(ObjectNode config, Family family) {
        return TinyTransformers.write(tmp.resolve("cfg-" + System.nanoTime()), config,
                TinyTransformers.tensors(family, Options.defaults()), TinyTransformers.tokenizerJson(family));
    }
}
