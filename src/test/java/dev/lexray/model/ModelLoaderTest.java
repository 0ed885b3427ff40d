package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels.Spec;
import dev.lexray.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model directory contract: valid tiny directories load and predict; each way of breaking one gives a
 * {@link LexrayException} naming the file (and tensor) at fault, before anything large is allocated.
 */
class ModelLoaderTest {
    @TempDir
    Path tmp;

    // ---- valid directories ----

    @Test
    void tinyBagMlpLoadsAndPredicts() {
        try (LexrayModel m = Lexray.load(TinyModels.bagMlp(tmp.resolve("bag")))) {
            assertThat(m.labels()).containsExactly("negative", "positive");
            assertThat(m.architecture()).isEqualTo("embedding-bag-mlp");
            assertThat(m.isRecurrent()).isFalse();
            List<Prediction> p = m.predict(List.of("a GOOD movie", "the film is awful", "not great"));
            assertThat(p).extracting(x -> x.predicted().label()).containsExactly("positive", "negative", "positive");
            for (Prediction x : p) {
                assertThat(Arrays.stream(x.probabilities()).sum()).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void tinyBilstmLoadsAndPredicts() {
        try (LexrayModel m = Lexray.load(TinyModels.bilstm(tmp.resolve("bilstm")))) {
            assertThat(m.labels()).containsExactly("negative", "neutral", "positive");
            assertThat(m.isRecurrent()).isTrue();
            Prediction p = m.predict("The movie, is good!");
            assertThat(p.logits()).hasSize(3);
            assertThat(Arrays.stream(p.logits()).allMatch(Double::isFinite)).isTrue();
            assertThat(Arrays.stream(p.probabilities()).sum()).isCloseTo(1.0, within(1e-9));
            // the same text batched with others gives the same logits (padding is ignored)
            Prediction batched = m.predict(List.of("a film", "The movie, is good!", "not bad at all the movie")).get(1);
            assertThat(batched.logits()).containsExactly(p.logits(), within(1e-5));
        }
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreAbsent() {
        Spec s = TinyModels.bilstmSpec();
        for (String key : List.of("labels", "num_layers", "pooling", "lowercase", "analyzer", "tokenizer")) {
            s.config.remove(key);
        }
        try (LexrayModel m = Lexray.load(s.write(tmp.resolve("m")))) {
            assertThat(m.labels()).containsExactly("0", "1", "2");
            assertThat(m.predict("GOOD").logits()).hasSize(3);
        }
    }

    @Test
    void aTokenizerPathInsideTheDirectoryIsAllowed() throws IOException {
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("tokenizer", "sub/../words.txt");
        Path dir = s.write(tmp.resolve("m"));
        Files.move(dir.resolve("vocab.txt"), dir.resolve("words.txt"));
        try (LexrayModel m = Lexray.load(dir)) {
            assertThat(m.predict("good").predicted().label()).isEqualTo("positive");
        }
    }

    // ---- the directory and config.json ----

    @Test
    void missingDirectory() {
        Path dir = tmp.resolve("absent");
        assertLoadFails(dir).hasMessageContaining("model directory not found").hasMessageContaining(dir.toString())
                .hasMessageContaining("config.json");
    }

    @Test
    void aFileInsteadOfADirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.safetensors"), "x");
        assertLoadFails(file).hasMessageContaining("model directory not found").hasMessageContaining(file.toString());
    }

    @Test
    void missingConfig() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Files.delete(dir.resolve("config.json"));
        assertLoadFails(dir).hasMessageContaining("config.json not found").hasMessageContaining(dir.toString());
    }

    @Test
    void configThatIsNotJson() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        for (String content : List.of("{\"architecture\": \"bilstm\",", "not json", "[1, 2]", "",
                "{\"vocab_size\": \"twelve\"}")) {
            Files.writeString(dir.resolve("config.json"), content);
            assertLoadFails(dir).as(content).hasMessageContaining(dir.resolve("config.json").toString())
                    .hasMessageContaining("not a valid model config");
        }
    }

    @Test
    void unknownArchitecture() {
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("architecture", "transformer");
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("config.json")
                .hasMessageContaining("unknown architecture \"transformer\"").hasMessageContaining("bilstm");
    }

    @Test
    void missingArchitecture() {
        Spec s = TinyModels.bagMlpSpec();
        s.config.remove("architecture");
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("config.json")
                .hasMessageContaining("no \"architecture\"").hasMessageContaining("embedding-bag-mlp");
    }

    @Test
    void huggingFaceStyleDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"architectures\": "
                + "[\"BertForSequenceClassification\"], \"vocab_size\": 30522}");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        // A HuggingFace directory goes to the transformer loader, which names the missing key.
        assertLoadFails(dir).hasMessageContaining("config.json").hasMessageContaining("hidden_size");
    }

    @Test
    void theSharedHuggingFaceBertDirectoryLoads() {
        Path dir = SharedData.require("reference/bert-sst2-tiny");
        try (SequentialClassifier c = ModelLoader.load(dir)) {
            assertThat(c.labels()).containsExactly("negative", "positive");
            assertThat(c.isTransformer()).isTrue();
        }
    }

    @Test
    void missingRequiredSizes() {
        for (String key : List.of("vocab_size", "embedding_dim", "num_labels", "hidden_size")) {
            Spec s = TinyModels.bilstmSpec();
            s.config.remove(key);
            assertLoadFails(s.write(tmp.resolve("m-" + key))).as(key).hasMessageContaining("config.json")
                    .hasMessageContaining("lacks \"" + key + "\"");
        }
    }

    @Test
    void negativeZeroOrEnormousSizesAreRefused() {
        for (Object value : List.of(-4, 0, Integer.MAX_VALUE, (1 << 24) + 1)) {
            Spec s = TinyModels.bilstmSpec();
            s.config.put("hidden_size", value);
            assertLoadFails(s.write(tmp.resolve("m" + value))).as("hidden_size " + value)
                    .hasMessageContaining("config.json").hasMessageContaining("\"hidden_size\" is " + value)
                    .hasMessageContaining("expected 1 to");
        }
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("hidden_sizes", List.of(4, -1));
        assertLoadFails(s.write(tmp.resolve("mlp"))).hasMessageContaining("\"hidden_sizes[1]\" is -1");
    }

    @Test
    void sizesBeyondAnIntAreAJsonError() {
        Spec s = TinyModels.bilstmSpec();
        s.config.put("hidden_size", 1_000_000_000_000L);
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("config.json")
                .hasMessageContaining("not a valid model config").hasMessageContaining("1000000000000");
    }

    @Test
    void largeButAllowedSizesFailOnShapesWithoutAllocating() {
        // Every size within the limit, none matching the file: the loader must compare shapes, not allocate them.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String[][] cases = {
                {"hidden_size", "tensor lstm.weight_ih_l0 has shape [8, 3] but config.json implies [67108864, 3]"},
                {"embedding_dim", "tensor embedding.weight has shape [12, 3] but config.json implies [12, 16777216]"},
                {"num_labels", "tensor classifier.weight has shape [3, 4] but config.json implies [16777216, 4]"},
                {"num_layers", "lacks tensor lstm.weight_ih_l16777215 (config.json says num_layers 16777216)"},
            };
            for (String[] c : cases) {
                Spec s = TinyModels.bilstmSpec();
                s.config.put(c[0], 1 << 24);
                s.config.remove("labels"); // default labels "0".."N-1" must not be made before the check either
                Path dir = s.write(tmp.resolve("big-" + c[0]));
                assertLoadFails(dir).as(c[0]).hasMessageContaining(dir.resolve("model.safetensors").toString())
                        .hasMessageContaining(c[1]);
            }
        });
    }

    @Test
    void labelsCountDifferentFromNumLabels() {
        Spec s = TinyModels.bilstmSpec();
        s.config.put("labels", List.of("negative", "positive"));
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("config.json")
                .hasMessageContaining("\"labels\" has 2 entries but num_labels is 3");
    }

    @Test
    void duplicateLabels() {
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("labels", List.of("same", "same"));
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("config.json").hasMessageContaining("distinct");
    }

    @Test
    void badOptionalSettings() {
        // key, bad value, what the message must say
        Object[][] cases = {
            {"analyzer", "bert", "unknown analyzer 'bert'"},
            {"pooling", "median", "unknown pooling 'median'"},
            {"activation", "swish", "unknown activation 'swish'"},
            {"max_length", -1, "max_length"},
        };
        for (Object[] c : cases) {
            Spec s = TinyModels.bagMlpSpec();
            s.config.put((String) c[0], c[1]);
            assertLoadFails(s.write(tmp.resolve("m-" + c[0]))).as((String) c[0])
                    .hasMessageContaining("config.json").hasMessageContaining((String) c[2]);
        }
    }

    @Test
    void poolingThatDoesNotFitTheArchitecture() {
        Spec bag = TinyModels.bagMlpSpec();
        bag.config.put("pooling", "final");
        assertLoadFails(bag.write(tmp.resolve("bag"))).hasMessageContaining("config.json")
                .hasMessageContaining("embedding-bag-mlp pools with");
        Spec rnn = TinyModels.bilstmSpec();
        rnn.config.put("pooling", "sum");
        assertLoadFails(rnn.write(tmp.resolve("rnn"))).hasMessageContaining("config.json")
                .hasMessageContaining("recurrent models pool with");
    }

    // ---- vocab.txt ----

    @Test
    void vocabularyLineCountDifferentFromVocabSize() {
        Spec s = TinyModels.bagMlpSpec();
        s.vocab.add("extra");
        Path dir = s.write(tmp.resolve("m"));
        assertLoadFails(dir).hasMessageContaining(dir.resolve("vocab.txt").toString())
                .hasMessageContaining("13 tokens").hasMessageContaining("vocab_size 12");
    }

    @Test
    void vocabularyWithoutPadAndUnkFirst() {
        Spec s = TinyModels.bagMlpSpec();
        s.vocab.set(0, "[UNK]");
        s.vocab.set(1, "[PAD]");
        Path dir = s.write(tmp.resolve("m"));
        assertLoadFails(dir).hasMessageContaining(dir.resolve("vocab.txt").toString())
                .hasMessageContaining("[PAD] (id 0)").hasMessageContaining("[UNK] (id 1)");
    }

    @Test
    void vocabularyMissingOrNotUtf8() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Files.write(dir.resolve("vocab.txt"), new byte[] {'[', 'P', 'A', 'D', ']', '\n', (byte) 0xC3, '(', '\n'});
        assertLoadFails(dir).hasMessageContaining("vocab.txt").hasMessageContaining("not valid UTF-8");
        Files.delete(dir.resolve("vocab.txt"));
        assertLoadFails(dir).hasMessageContaining("vocabulary file not found")
                .hasMessageContaining(dir.resolve("vocab.txt").toString());
    }

    @Test
    void tokenizerPathEscapingTheDirectory() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Files.copy(dir.resolve("vocab.txt"), tmp.resolve("x"));
        for (String escape : List.of("../x", "sub/../../x", tmp.resolve("x").toAbsolutePath().toString())) {
            Spec s = TinyModels.bagMlpSpec();
            s.config.put("tokenizer", escape);
            s.write(dir);
            assertLoadFails(dir).as(escape).hasMessageContaining("config.json")
                    .hasMessageContaining("\"tokenizer\" must name a file inside the model directory");
        }
    }

    // ---- model.safetensors ----

    @Test
    void missingWeights() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Files.delete(dir.resolve("model.safetensors"));
        assertLoadFails(dir).hasMessageContaining("model weights not found")
                .hasMessageContaining(dir.resolve("model.safetensors").toString());
    }

    @Test
    void pytorchBinOnly() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4B, 3, 4});
        assertLoadFails(dir).hasMessageContaining("pytorch_model.bin").hasMessageContaining("re-save")
                .hasMessageContaining("safetensors");
    }

    @Test
    void aMissingTensor() {
        Spec s = TinyModels.bilstmSpec();
        s.tensors.remove("lstm.bias_hh_l0_reverse");
        Path dir = s.write(tmp.resolve("m"));
        assertLoadFails(dir).hasMessageContaining(dir.resolve("model.safetensors").toString())
                .hasMessageContaining("lacks tensor [lstm.bias_hh_l0_reverse]").hasMessageContaining("[8]");
    }

    @Test
    void tensorsOfMoreLayersThanConfigured() {
        Spec s = TinyModels.bilstmSpec();
        s.config.put("num_layers", 2);
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("model.safetensors")
                .hasMessageContaining("lstm.weight_ih_l1");
    }

    @Test
    void anExtraTensor() {
        Spec s = TinyModels.bagMlpSpec();
        s.tensors.put("mlp.9.weight", new Tensor("mlp.9.weight", new long[] {1}, new float[] {0}));
        s.tensors.put("decoder.bias", new Tensor("decoder.bias", new long[] {1}, new float[] {0}));
        Path dir = s.write(tmp.resolve("m"));
        assertLoadFails(dir).hasMessageContaining(dir.resolve("model.safetensors").toString())
                .hasMessageContaining("does not explain").hasMessageContaining("decoder.bias");
    }

    @Test
    void aWrongShapeNamesTheTensorAndBothShapes() {
        Spec s = TinyModels.bilstmSpec();
        s.tensors.put("classifier.weight", new Tensor("classifier.weight", new long[] {4, 3}, new float[12]));
        Path dir = s.write(tmp.resolve("m"));
        assertLoadFails(dir).hasMessageContaining(dir.resolve("model.safetensors").toString())
                .hasMessageContaining("classifier.weight").hasMessageContaining("[4, 3]")
                .hasMessageContaining("[3, 4]");
    }

    @Test
    void transposedEmbeddingNamesBothShapes() {
        Spec s = TinyModels.bagMlpSpec();
        Tensor e = s.tensors.get("embedding.weight");
        s.tensors.put("embedding.weight", new Tensor("embedding.weight", new long[] {4, 12}, e.values()));
        assertLoadFails(s.write(tmp.resolve("m"))).hasMessageContaining("embedding.weight")
                .hasMessageContaining("[4, 12]").hasMessageContaining("[12, 4]");
    }

    @Test
    void nanOrInfiniteWeights() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Spec s = TinyModels.bagMlpSpec();
            float[] v = s.tensors.get("mlp.0.bias").values();
            v[2] = bad;
            s.set("mlp.0.bias", v);
            Path dir = s.write(tmp.resolve("m" + bad));
            assertLoadFails(dir).as("" + bad).hasMessageContaining(dir.resolve("model.safetensors").toString())
                    .hasMessageContaining("mlp.0.bias").hasMessageContaining(Float.toString(bad))
                    .hasMessageContaining("flat index 2");
        }
    }

    @Test
    void corruptWeightsFileNamesIt() throws IOException {
        Path dir = TinyModels.bagMlp(tmp.resolve("m"));
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 10));
        assertLoadFails(dir).hasMessageContaining(weights.toString()).hasMessageContaining("truncated");
    }

    // ---- max_length ----

    @Test
    void maxLengthExceededIsAClearError() {
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("max_length", 3);
        try (LexrayModel m = Lexray.load(s.write(tmp.resolve("m")))) {
            assertThat(m.predict("good good good").predicted().label()).isEqualTo("positive");
            assertThatThrownBy(() -> m.predict("the movie is not good"))
                    .isInstanceOf(LexrayException.class)
                    .hasMessageContaining("5 words").hasMessageContaining("at most 3")
                    .hasMessageContaining("max_length");
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(Path dir) {
        return assertThatThrownBy(() -> ModelLoader.load(dir).close())
                .isExactlyInstanceOf(LexrayException.class);
    }
}
