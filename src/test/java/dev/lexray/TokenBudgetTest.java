package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.LexrayModel.Unit;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import dev.lexray.text.EncodedText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches formed by a token budget: no batch of two or more units costs more than the budget (the cost recomputed
 * here from each batch's shape: texts x padded length, plus attention scores heads x length^2 / hidden on a
 * transformer), no batch holds more than the batch size, every unit goes in exactly one batch, and a text longer
 * than the budget allows goes alone and is explained exactly as alone.
 */
class TokenBudgetTest {
    @TempDir
    static Path temp;

    private static String words(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        List<String> known = RandomModels.WORDS.subList(2, RandomModels.WORDS.size()); // no [PAD], [UNK]
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(known.get(random.nextInt(known.size())));
        }
        return sb.toString();
    }

    /** Texts of 1 to 40 words and one of 600. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            texts.add(words(1 + random.nextInt(40), i));
        }
        texts.add(17, words(600, 99));
        return texts;
    }

    /** Checks the batches of {@code units} against a cost computed from their shapes alone. */
    private static void checkBatches(List<Unit> units, List<int[]> batches, int size, int budget, int heads,
            int hidden) {
        boolean[] seen = new boolean[units.size()];
        for (int[] batch : batches) {
            int length = Arrays.stream(batch).map(i -> units.get(i).encoded().length()).max().orElseThrow();
            long b = batch.length;
            long cost = b * length + (long) Math.ceil((double) b * length * length * heads / hidden);
            assertThat(batch.length).isBetween(1, size);
            if (batch.length > 1) {
                assertThat(cost).as("batch of %d units of %d tokens", b, length).isLessThanOrEqualTo(budget);
            }
            for (int i : batch) {
                assertThat(seen[i]).as("unit %d in two batches", i).isFalse();
                seen[i] = true;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertThat(seen[i]).as("unit %d in no batch", i).isTrue();
        }
    }

    @Test
    void recurrentBatchesStayWithinTheBudget() {
        Path dir = RandomModels.write(temp.resolve("bilstm"), RandomModels.recurrent("bilstm", 1, "max", 41));
        try (LexrayModel model = Lexray.load(dir)) {
            List<Unit> units = units(model, texts());
            for (int budget : new int[] {1, 40, 100, 333, 5000, ExplainOptions.DEFAULT_TOKEN_BUDGET}) {
                for (int size : new int[] {1, 4, 32}) {
                    ExplainOptions options = ExplainOptions.defaults().withBatchSize(size).withTokenBudget(budget);
                    List<int[]> batches = Batches.byBudget(units, options, model.classifier());
                    checkBatches(units, batches, size, budget, 0, 1);
                }
            }
            // The 600-word text is over a budget of 333 and goes alone; the short ones still share batches.
            List<int[]> batches = Batches.byBudget(units, ExplainOptions.defaults().withTokenBudget(333),
                    model.classifier());
            assertThat(batches).anySatisfy(b -> assertThat(b).containsExactly(17));
            assertThat(batches).anySatisfy(b -> assertThat(b.length).isGreaterThan(4));
            // The default budget keeps sentences 32 to a batch, as before budgets.
            List<Unit> sentences = units(model, texts().subList(18, 50));
            assertThat(Batches.byBudget(sentences, ExplainOptions.defaults(), model.classifier())).hasSize(1);
        }
    }

    @Test
    void transformerBatchesCountAttentionScores() throws IOException {
        Path dir = SharedData.require("reference/bert-sst2-tiny");
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        int heads = config.get("num_attention_heads").asInt();
        int hidden = config.get("hidden_size").asInt();
        try (LexrayModel model = Lexray.load(dir)) {
            int layers = config.get("num_hidden_layers").asInt();
            int ffn = config.get("intermediate_size").asInt();
            assertThat(TokenCost.of(model.classifier()))
                    .isEqualTo(new TokenCost(heads, hidden, (long) layers * (13 * hidden + 3 * ffn)));
            List<Unit> units = units(model, texts()); // the long text in windows: units like the others
            assertThat(units.size()).isGreaterThan(61);
            for (int budget : new int[] {1, 200, 1000, 4000, ExplainOptions.DEFAULT_TOKEN_BUDGET}) {
                ExplainOptions options = ExplainOptions.defaults().withTokenBudget(budget);
                checkBatches(units, Batches.byBudget(units, options, model.classifier()), 32, budget, heads, hidden);
            }
        }
    }

    @Test
    void aLongTextAmongShortOnesIsExplainedAsAlone() {
        Path dir = RandomModels.write(temp.resolve("long"), RandomModels.recurrent("bilstm", 2, "max", 42));
        List<String> texts = texts();
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions options = ExplainOptions.defaults().withWorkers(1).withTokenBudget(400);
            Explanation alone = model.explain(texts.get(17), options);
            Explanation among = model.explain(texts, options).get(17);
            assertThat(among.relevances()).containsExactly(alone.relevances());
            assertThat(among.logits()).containsExactly(alone.logits());
            assertThat(among.conservation()).isEqualTo(alone.conservation());
            assertThat(model.predict(texts, options).get(17).logits()).containsExactly(alone.logits());
        }
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThatThrownBy(() -> ExplainOptions.defaults().withTokenBudget(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token budget");
        assertThat(ExplainOptions.defaults().tokenBudget()).isEqualTo(ExplainOptions.DEFAULT_TOKEN_BUDGET);
        assertThat(ExplainOptions.defaults().withTokenBudget(5).withBatchSize(3).withWorkers(2).tokenBudget())
                .isEqualTo(5);
    }

    @Test
    void costOfAShape() {
        assertThat(TokenCost.TOKENS.of(32, 50)).isEqualTo(1600);
        // BERT-base: 12 heads of a 768-wide layer; 128 tokens cost 3 token slots each, 512 tokens 9.
        TokenCost bertBase = new TokenCost(12, 768, 12L * (13 * 768 + 3 * 3072));
        assertThat(bertBase.of(1, 128)).isEqualTo(384);
        assertThat(bertBase.of(8, 512)).isEqualTo(8 * 512 * 9);
        // 512 MiB of float32 trace at 921,600 bytes a slot: 582 slots, one 128-token text per batch
        assertThat(bertBase.slotsWithin(TokenCost.BATCH_BYTES, DataType.FLOAT32)).isEqualTo(582);
        assertThat(bertBase.slotsWithin(TokenCost.BATCH_BYTES, DataType.FLOAT64)).isEqualTo(291);
        assertThat(TokenCost.TOKENS.slotsWithin(1, DataType.FLOAT32)).isEqualTo(Long.MAX_VALUE);
    }

    private static List<Unit> units(LexrayModel model, List<String> texts) {
        List<EncodedText> encoded = texts.stream().map(t -> model.classifier().encoder().encode(t)).toList();
        return Windows.split(encoded, model.classifier());
    }

    @Test
    void batchesOverTheMemoryShareRunOneAtATime() throws Exception {
        Path dir = RandomModels.write(temp.resolve("heavy"), RandomModels.recurrent("bilstm", 1, "max", 43));
        try (LexrayModel model = Lexray.load(dir)) {
            List<Unit> units = units(model, texts());
            TokenCost cost = new TokenCost(0, 1, 1);
            long memory = 20; // token slots: every text of more than 20 tokens is heavy
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                AtomicInteger running = new AtomicInteger();
                AtomicInteger heavyAtOnce = new AtomicInteger();
                AtomicInteger lightAtOnce = new AtomicInteger();
                List<int[]> seen = new CopyOnWriteArrayList<>();
                Batches.run(units, ExplainOptions.defaults().withWorkers(4), cost, memory, pool, idx -> {
                    int now = running.incrementAndGet();
                    int length = Arrays.stream(idx).map(i -> units.get(i).encoded().length()).max().orElseThrow();
                    boolean heavy = cost.of(idx.length, length) > memory;
                    (heavy ? heavyAtOnce : lightAtOnce).accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    seen.add(idx);
                });
                assertThat(seen.stream().mapToInt(b -> b.length).sum()).isEqualTo(units.size());
                assertThat(heavyAtOnce.get()).as("heavy batches overlapped").isEqualTo(1);
                assertThat(lightAtOnce.get()).as("light batches ran in parallel").isGreaterThan(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
