package dev.lexray.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.cli.LexrayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray train} end to end on a tiny, separable corpus: the model loads, explains and has its card. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private Path corpus() throws Exception {
        Random r = new Random(3);
        String[] good = {"great", "lovely", "superb", "fine", "charming"};
        String[] bad = {"awful", "dull", "boring", "poor", "terrible"};
        String[] filler = {"the", "film", "was", "a", "story", "and", "plot"};
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        for (int i = 0; i < 240; i++) {
            boolean pos = i % 2 == 0;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                sb.append(filler[r.nextInt(filler.length)]).append(' ');
            }
            sb.append((pos ? good : bad)[r.nextInt(5)]);
            lines.add(sb + "\t" + (pos ? "positive" : "negative"));
        }
        Path f = tmp.resolve("toy.tsv");
        Files.write(f, lines);
        return f;
    }

    private int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).doesNotContain("internal error");
        return code;
    }

    @Test
    void trainsEveryWordLevelArchitectureAndWritesItsCard() throws Exception {
        Path data = corpus();
        for (String arch : List.of("embedding-bag-mlp", "bilstm", "bigru", "cnn")) {
            Path out = tmp.resolve(arch);
            assertThat(run("train", "--arch", arch, "--corpus", data.toString(), "--dev", data.toString(), "--epochs", "3",
                    "--embedding-dim", "8", "--hidden-size", "8", "--learning-rate", "0.02", "--test",
                    data.toString(), "--out", out.toString())).as(arch).isZero();
            assertThat(out.resolve("MODEL_CARD.md")).exists();
            String card = Files.readString(out.resolve("MODEL_CARD.md"));
            assertThat(card).contains("./lexray train --arch " + arch).contains("Dev metrics").contains("macro-F1")
                    .contains("Confusion matrix");
            try (LexrayModel m = Lexray.load(out)) {
                assertThat(m.predict("the film was superb").predicted().label()).as(arch).isEqualTo("positive");
                assertThat(m.predict("the plot was boring").predicted().label()).as(arch).isEqualTo("negative");
                assertThat(m.explain("the plot was boring").tokens()).hasSize(4);
            }
            if (arch.equals("cnn")) { // Kim's widths, --hidden-size filters of each; a one-word text is padded
                assertThat(out.resolve("config.json")).content().contains("\"filter_sizes\" : [ 3, 4, 5 ]")
                        .contains("\"num_filters\" : 8");
                assertThat(card).contains("8 filters of each width [3, 4, 5]");
                try (LexrayModel m = Lexray.load(out)) {
                    assertThat(m.predict("superb").predicted().label()).isEqualTo("positive");
                }
            }
        }
    }

    @Test
    void trainsASmallBertInTheHuggingFaceLayout() throws Exception {
        Path out = tmp.resolve("bert");
        assertThat(run("train", "--arch", "bert", "--corpus", corpus().toString(), "--dev", tmp.resolve("toy.tsv").toString(),
                "--epochs", "8", "--batch-size", "16",
                "--hidden-size", "16", "--learning-rate", "0.003", "--out", out.toString())).isZero();
        assertThat(out.resolve("tokenizer.json")).exists();
        assertThat(out.resolve("config.json")).content().contains("BertForSequenceClassification");
        try (LexrayModel m = Lexray.load(out)) {
            assertThat(m.explain("the film was superb").specialTokens()).hasSize(2);
            assertThat(m.predict("the film was superb").predicted().label()).isEqualTo("positive");
        }
    }

    @Test
    void trainingIsDeterministicForASeed() throws Exception {
        Path data = corpus();
        for (String name : List.of("a", "b")) {
            assertThat(run("train", "--arch", "bilstm", "--corpus", data.toString(), "--dev", data.toString(), "--epochs", "1",
                    "--embedding-dim", "6", "--hidden-size", "6", "--seed", "7", "--out",
                    tmp.resolve(name).toString())).isZero();
        }
        assertThat(Files.readAllBytes(tmp.resolve("a/model.safetensors")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("b/model.safetensors")));
    }

    @Test
    void unknownArchitectureIsAUserError() {
        assertThat(run("train", "--arch", "resnet", "--corpus", "x", "--out", tmp.resolve("x").toString())).isEqualTo(2);
    }
}
