package dev.lexray.train;

import dev.lexray.corpus.CorpusInfo;
import dev.lexray.eval.ClassificationMetrics;
import dev.lexray.io.AtomicFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** Writes {@code MODEL_CARD.md}: data and source, architecture and size, command, seed, date, metrics, limits. */
public final class ModelCard {
    private ModelCard() {}

    /**
     * Where the training data came from, as the card's Data section states it.
     *
     * @param train the training split
     * @param dev the dev split (early stopping)
     * @param devTexts how many texts of it were used
     * @param test the test split as given ({@code NAME:SPLIT}), or null
     */
    public record Data(CorpusInfo train, CorpusInfo dev, int devTexts, String test) {}

    /** Writes the card of the model in {@code dir}. */
    public static void write(Path dir, List<String> labels, Data data, String command, TrainingConfig cfg,
            ModelTrainer.Result result, ClassificationMetrics test, String testName) {
        AtomicFiles.write(dir.resolve("MODEL_CARD.md"), text(dir.getFileName() + ": " + labels, data, command, cfg,
                result, test, testName));
    }

    /**
     * The card's Markdown.
     *
     * @param test metrics on the test split, or null when there is none
     */
    static String text(String title, Data data, String command, TrainingConfig cfg, ModelTrainer.Result result,
            ClassificationMetrics test, String testName) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "A %s text classifier over %s, trained with `lexray train` on %s. "
                + "Dev accuracy %.4f, macro-F1 %.4f%s.%n%n", describe(cfg), String.join(" / ", result.labels()),
                LocalDate.now(), result.dev().accuracy(), result.dev().macroF1(),
                test == null ? "" : String.format(Locale.ROOT, "; %s accuracy %.4f, macro-F1 %.4f", testName,
                        test.accuracy(), test.macroF1())));
        sb.append("## Data\n\n").append(dataParagraph(data)).append("\n\n");
        sb.append("## Model\n\n");
        String shape = cfg.architecture().equals("cnn")
                ? String.format(Locale.ROOT, "embedding %d, %d filters of each width %s, ReLU, pooling `%s` over time",
                        cfg.embeddingDim(), cfg.hiddenSize(), TrainingConfig.KIM_FILTER_SIZES, cfg.pooling())
                : String.format(Locale.ROOT, "embedding %d, hidden %s, %d layer(s), pooling `%s`", cfg.embeddingDim(),
                        cfg.hiddenSize() > 0 ? Integer.toString(cfg.hiddenSize()) : cfg.hiddenSizes(), cfg.numLayers(),
                        cfg.pooling());
        sb.append(String.format(Locale.ROOT, "- architecture: `%s` (%s)%n- %s%n- vocabulary: %d words (analyzer `%s`, lowercase %s, words seen at least %d times in"
                + " the training split)%n- parameters: %,d (float32, %.1f MB)%n%n", cfg.architecture(), describe(cfg),
                shape, result.vocabularySize(), cfg.analyzer(), cfg.lowercase(),
                cfg.minCount(), result.parameters(), result.parameters() * 4 / 1e6));
        sb.append("## Training\n\n```\n").append(command).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "- seed %d; Adam, learning rate %s, batch %d (length-bucketed), dropout %s"
                + " on embeddings and classifier input, gradient norm clipped at %s%s%n- early stopping on dev macro-F1"
                + " (patience %d); best epoch %d of %d run; %.0f s on 2 CPU cores%n%n", cfg.seed(),
                cfg.learningRate(), cfg.batchSize(), cfg.dropout(), cfg.clipNorm(),
                cfg.balanced() ? "; loss weighted by inverse class frequency" : "", cfg.patience(), result.bestEpoch(), result.log().size(), result.seconds()));
        sb.append("| epoch | train loss | dev accuracy | dev macro-F1 | seconds |\n|---|---|---|---|---|\n");
        for (ModelTrainer.EpochLog l : result.log()) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %.0f |%n", l.epoch(), l.trainLoss(),
                    l.devAccuracy(), l.devMacroF1(), l.seconds()));
        }
        sb.append("\n## Dev metrics (best epoch)\n\n").append(result.dev().toMarkdown()).append('\n');
        if (test != null) {
            sb.append("## ").append(testName).append(" metrics\n\n").append(test.toMarkdown()).append('\n');
        }
        sb.append("## Known limitations\n\n");
        limitations(data, cfg).forEach(l -> sb.append("- ").append(l).append('\n'));
        return sb.toString();
    }

    private static String dataParagraph(Data d) {
        CorpusInfo info = d.train();
        return "- corpus: `" + info.name() + "` — " + info.title() + "\n- training split `" + info.split()
                + "`, dev split `" + d.dev().split() + "` (" + d.devTexts() + " texts)"
                + (d.test() == null ? "" : ", test `" + d.test() + "`")
                + "\n- files: " + info.files().stream().map(p -> "`" + p.getFileName() + "`").toList()
                + "\n- citation: " + info.citation() + "\n- licence/terms: " + info.licence();
    }

    private static List<String> limitations(Data data, TrainingConfig cfg) {
        return List.of(
                "Trained from scratch on " + data.train().name() + " only: no pretrained embeddings, a small "
                        + "vocabulary; words unseen in training map to [UNK].",
                "Text is tokenised with the `" + cfg.analyzer() + "` analyzer; other tokenisations of the "
                        + "same words may be unknown to it.",
                "Reflects the biases of its training data; not for decisions about people.");
    }

    private static String describe(TrainingConfig cfg) {
        return switch (cfg.architecture()) {
            case "bilstm" -> "bidirectional LSTM";
            case "bigru" -> "bidirectional GRU";
            case "lstm" -> "LSTM";
            case "gru" -> "GRU";
            case "cnn" -> "convolutional (Kim 2014)";
            default -> "embedding-bag MLP";
        };
    }
}
