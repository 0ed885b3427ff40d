package dev.lexray.cli;

import dev.lexray.corpus.IdentityTerms;
import dev.lexray.corpus.LabelledText;
import dev.lexray.eval.ClassificationMetrics;
import dev.lexray.eval.LabelledData;
import dev.lexray.eval.ModelEvaluation;
import dev.lexray.runtime.LexrayException;
import dev.lexray.train.IdentityAugmentation;
import dev.lexray.train.ModelCard;
import dev.lexray.train.ModelTrainer;
import dev.lexray.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lexray train}: trains a word-level classifier on a corpus and writes a model directory with its card. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a bilstm, bigru, lstm, gru, embedding-bag-mlp, cnn or bert classifier on a corpus and writes a "
                + "model directory (config.json, vocab.txt, model.safetensors, MODEL_CARD.md).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", required = true, paramLabel = "A",
            description = "bilstm, bigru, lstm, gru, embedding-bag-mlp, cnn (Kim 2014: widths 3, 4, 5) or bert (a small"
                    + " BERT from scratch, HF layout).")
    String arch;

    @Option(names = "--corpus", required = true, paramLabel = "NAME|PATH", description = "A named corpus or a file.")
    String corpus;

    @Option(names = "--split", defaultValue = "train", paramLabel = "S", description = "Training split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--dev", defaultValue = "dev", paramLabel = "S", description = "Dev split for early stopping, or a labelled file (default: ${DEFAULT-VALUE}).")
    String dev;

    @Option(names = "--test", paramLabel = "NAME:SPLIT",
            description = "Also report metrics on this corpus split in the model card, e.g. sst2-trees:test.")
    String test;

    @Option(names = "--epochs", defaultValue = "6", paramLabel = "N") int epochs;
    @Option(names = "--seed", defaultValue = "1234", paramLabel = "S") long seed;
    @Option(names = "--embedding-dim", paramLabel = "E") Integer embeddingDim;
    @Option(names = "--hidden-size", paramLabel = "H", description = "Hidden size; for cnn the filters per width.")
    Integer hiddenSize;
    @Option(names = "--pooling", paramLabel = "P", description = "final, mean or max (recurrent); mean, sum or max (bag); max or mean (cnn).")
    String pooling;
    @Option(names = "--learning-rate", paramLabel = "LR") Double learningRate;
    @Option(names = "--dropout", paramLabel = "D") Double dropout;
    @Option(names = "--batch-size", paramLabel = "B") Integer batchSize;
    @Option(names = "--balanced", description = "Weight the loss by inverse class frequency (imbalanced corpora).")
    boolean balanced;

    @Option(names = "--augment-identity", paramLabel = "TERMS_FILE",
            description = "Counterfactual augmentation: add copies of every training text that mentions an identity term,"
                    + " with the term swapped for others of its category, same label. TERMS_FILE has [category] lines"
                    + " each followed by its terms; 'default' is Dixon et al.'s 50 terms.")
    String augmentIdentity;

    @Option(names = "--augment-copies", defaultValue = "3", paramLabel = "N",
            description = "Counterfactual copies per text with --augment-identity (default: ${DEFAULT-VALUE}).")
    int augmentCopies;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("bilstm", "bigru", "lstm", "gru", "embedding-bag-mlp", "cnn", "bert").contains(arch)) {
            throw new LexrayException("unknown --arch '" + arch + "': use bilstm, bigru, lstm, gru, embedding-bag-mlp,"
                    + " cnn or bert");
        }
        TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(epochs).withSeed(seed);
        if (embeddingDim != null || hiddenSize != null) {
            cfg = cfg.withSizes(embeddingDim != null ? embeddingDim : cfg.embeddingDim(),
                    hiddenSize != null ? hiddenSize : cfg.hiddenSize());
        }
        if (pooling != null) {
            cfg = cfg.withPooling(pooling);
        }
        if (learningRate != null) {
            cfg = cfg.withLearningRate(learningRate);
        }
        if (dropout != null) {
            cfg = cfg.withDropout(dropout);
        }
        cfg = cfg.withBalanced(balanced);
        if (batchSize != null) {
            cfg = cfg.withBatchSize(batchSize);
        }
        PrintWriter err = LexrayCommand.notes(spec);
        LabelledData train = LabelledData.read(corpus, split);
        List<LabelledText> trainTexts = train.examples();
        if (augmentIdentity != null) {
            if (augmentCopies < 1) {
                throw new LexrayException("--augment-copies must be at least 1, not " + augmentCopies);
            }
            IdentityTerms terms = augmentIdentity.equals("default") ? IdentityTerms.defaults()
                    : IdentityTerms.read(Path.of(augmentIdentity));
            trainTexts = IdentityAugmentation.augment(trainTexts, terms, augmentCopies, seed);
            err.println("lexray: counterfactual augmentation added " + (trainTexts.size() - train.examples().size())
                    + " texts (" + augmentCopies + " per text that mentions an identity term)");
        }
        // --dev names a split of the corpus, or a file of its own (needed when --corpus is a file).
        LabelledData devData = Files.isRegularFile(Path.of(dev)) ? LabelledData.read(dev, null)
                : LabelledData.read(corpus, dev);
        List<String> labels = train.info().labels().isEmpty() ? distinctLabels(train.examples()) : train.info().labels();
        err.println("lexray: training " + arch + " on " + trainTexts.size() + " texts of " + corpus + ":" + split
                + ", early stopping on " + devData.examples().size() + " of " + corpus + ":" + dev);
        ModelTrainer.Result result = new ModelTrainer(cfg, labels, m -> err.println("  " + m))
                .train(trainTexts, devData.examples(), out);
        ClassificationMetrics testMetrics = null;
        String testName = null;
        if (test != null) {
            int colon = test.lastIndexOf(':');
            String name = colon > 0 ? test.substring(0, colon) : test;
            String s = colon > 0 ? test.substring(colon + 1) : "test";
            testName = name + " " + s;
            testMetrics = ModelEvaluation.evaluate(out, LabelledData.read(name, s).examples());
        }
        String command = "./lexray " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        ModelCard.write(out, labels, new ModelCard.Data(train.info(), devData.info(), devData.examples().size(), test),
                command, cfg, result, testMetrics, testName);
        err.println("lexray: wrote " + out + " (best epoch " + result.bestEpoch() + ", dev accuracy "
                + String.format(Locale.ROOT, "%.4f", result.dev().accuracy()) + ")");
        return 0;
    }

    private static List<String> distinctLabels(List<LabelledText> examples) {
        return examples.stream().map(LabelledText::label).distinct().sorted().toList();
    }
}
