package dev.lexray.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lexray bench --synthetic}: the models are of the named shape, load, explain and are deleted afterwards. */
class SyntheticModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /**
     * Parameter counts of the real HF sequence classifiers with two labels (as {@code model.num_parameters()}
     * reports them), so the registry's shapes are the real ones, tensor for tensor.
     */
    @Test
    void realShapesHaveTheRealParameterCounts() {
        assertThat(parameters("bert-base")).isEqualTo(109_483_778L);
        assertThat(parameters("distilbert-base")).isEqualTo(66_955_010L);
        assertThat(parameters("roberta-base")).isEqualTo(124_647_170L);
        assertThat(parameters("bert-large")).isEqualTo(335_143_938L);
        // Qwen2-0.5B: 151936 x 896 embeddings, 24 layers of 14,912,384 (q/k/v with biases, 2 key/value heads of 64,
        // SwiGLU 4864, two RMSNorms), the final norm (HF counts 494,032,768 for Qwen2-0.5B) and a 2 x 896 score.
        assertThat(parameters("qwen2-0.5b")).isEqualTo(136_134_656L + 24 * 14_912_384L + 896 + 1_792);
        JsonNode q = SyntheticModel.config(SyntheticModel.shape("qwen2-0.5b"));
        assertThat(q.get("num_key_value_heads").asInt()).isEqualTo(2);
        assertThat(q.get("model_type").asText()).isEqualTo("qwen2");
        JsonNode c = SyntheticModel.config(SyntheticModel.shape("bert-base"));
        assertThat(c.get("num_hidden_layers").asInt()).isEqualTo(12);
        assertThat(c.get("hidden_size").asInt()).isEqualTo(768);
        assertThat(c.get("num_attention_heads").asInt()).isEqualTo(12);
        assertThat(c.get("intermediate_size").asInt()).isEqualTo(3072);
        assertThat(c.get("max_position_embeddings").asInt()).isEqualTo(512);
        assertThat(SyntheticModel.config(SyntheticModel.shape("distilbert-base")).get("n_layers").asInt())
                .isEqualTo(6);
        assertThat(SyntheticModel.config(SyntheticModel.shape("roberta-base")).get("max_position_embeddings")
                .asInt()).isEqualTo(514);
        assertThatThrownBy(() -> SyntheticModel.shape("gpt-5")).isInstanceOf(LexrayException.class)
                .hasMessageContaining("bert-base");
    }

    private static long parameters(String shape) {
        return SyntheticModel.tensorShapes(SyntheticModel.shape(shape)).values().stream()
                .mapToLong(s -> Arrays.stream(s).reduce(1, (x, y) -> x * y)).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny-distilbert", "tiny-roberta", "tiny-qwen2"})
    void tinyShapesLoadExplainAndAreDeleted(String name) throws Exception {
        SyntheticModel.Shape shape = SyntheticModel.shape(name);
        Path dir;
        try (SyntheticModel.Temporary t = SyntheticModel.Temporary.create(shape, 3)) {
            dir = t.dir();
            assertThat(dir.getFileName().toString()).isEqualTo(name);
            JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
            assertThat(config.get("model_type").asText()).isEqualTo(shape.family().modelType());
            assertThat(config.get(shape.family().layersKey()).asInt()).isEqualTo(2);
            assertThat(config.get(shape.family().hiddenKey()).asInt()).isEqualTo(32);
            Map<String, Tensor> tensors = SafetensorsFile.read(dir.resolve("model.safetensors"));
            Map<String, long[]> expected = SyntheticModel.tensorShapes(shape);
            assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((n, s) -> assertThat(tensors.get(n).shape()).as(n).containsExactly(s));

            try (LexrayModel model = Lexray.load(dir)) {
                List<String> texts = BenchTexts.texts(3, 10, 1);
                // One token per bench word plus [CLS] and [SEP] (a decoder: none): the bench's lengths are exact.
                assertThat(model.tokenCount(texts.get(0))).isEqualTo(10 + shape.addedTokens());
                for (AttentionRule rule : AttentionRule.values()) {
                    List<Explanation> ex = model.explain(texts, ExplainOptions.defaults().withAttention(rule)
                            .withBatchSize(2));
                    assertThat(ex).hasSize(3).allSatisfy(e -> {
                        assertThat(e.tokens()).hasSize(10);
                        assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).isTrue();
                    });
                }
            }
        }
        assertThat(dir).doesNotExist();
        assertThat(dir.getParent()).doesNotExist();
    }

    @Test
    void sameSeedSameModel() throws Exception {
        SyntheticModel.Shape tiny = SyntheticModel.shape("tiny");
        Path a = SyntheticModel.write(temp.resolve("a"), tiny, 5);
        Path b = SyntheticModel.write(temp.resolve("b"), tiny, 5);
        assertThat(Files.readAllBytes(a.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(b.resolve("model.safetensors")));
    }

    @Test
    void benchCommandMeasuresASyntheticModelAndDeletesIt() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = synthetic(tmp);
        Path out = temp.resolve("out");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"bench", "--synthetic", "tiny", "--batch-sizes", "1,2",
            "--lengths", "6", "--warmup", "0", "--repeats", "1", "--workers", "1", "--no-isolate", "--out",
            out.toString()}, new PrintWriter(so), new PrintWriter(se));
        assertThat(code).as(se.toString()).isZero();
        // 6 words are 8 tokens; CP-LRP and AttnLRP each get a row with their ratio to the forward pass
        assertThat(so.toString()).contains("### tiny").contains("| cp-lrp | 1 | 6 | 8 |")
                .contains("| attnlrp | 2 | 6 | 8 |").contains("Forward GFLOP/s").contains("| tiny | 2 | 8 |");
        assertThat(se.toString()).contains("matrix multiply");
        JsonNode json = JSON.readTree(out.resolve("bench.json").toFile());
        assertThat(json.get("machine").get("matmul_gflops_1024").asDouble()).isPositive();
        assertThat(json.get("rows")).hasSize(6);
        // no plain "lrp" rows: the summary takes CP-LRP's
        assertThat(json.get("summary").get("tiny").get("lrp_over_forward_median").asDouble()).isPositive();
        assertThat(synthetic(tmp)).containsExactlyInAnyOrderElementsOf(before);

        StringWriter e2 = new StringWriter();
        int bad = LexrayCommand.execute(new String[] {"bench", "--synthetic", "bert-huge", "--out", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(e2));
        assertThat(bad).isEqualTo(LexrayCommand.USER_ERROR);
        assertThat(e2.toString()).contains("unknown synthetic shape 'bert-huge'");
    }

    private static List<Path> synthetic(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lexray-synthetic-")).toList();
        }
    }
}
