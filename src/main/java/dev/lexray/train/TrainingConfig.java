package dev.lexray.train;

import java.util.List;

/**
 * Hyper-parameters of {@code lexray train}. Defaults are chosen for minutes of training on 2 CPU cores.
 *
 * @param minCount words seen fewer times in the training split map to [UNK]
 * @param maxVocab the most words kept (most frequent first), 0 for no limit
 * @param patience epochs without dev improvement before stopping
 * @param dropout dropout on the word embeddings and on the classifier input, training only
 * @param balanced weight the loss of each class by {@code n / (C * n_c)}, for imbalanced corpora
 */
public record TrainingConfig(String architecture, int embeddingDim, int hiddenSize, int numLayers, String pooling,
        List<Integer> hiddenSizes, String analyzer, boolean lowercase, int minCount, int maxVocab, int epochs,
        int batchSize, double learningRate, double dropout, double weightDecay, double clipNorm, int patience,
        long seed, boolean balanced) {

    /** The filter widths {@code lexray train --arch cnn} uses, Kim's (2014); {@code hiddenSize} is filters per width. */
    public static final List<Integer> KIM_FILTER_SIZES = List.of(3, 4, 5);

    public static TrainingConfig defaults(String architecture) {
        if (architecture.equals("cnn")) {
            // Kim's CNN-rand, smaller: embedding 100 (not 300), 100 filters of widths 3, 4, 5, max over time, dropout 0.5.
            return new TrainingConfig(architecture, 100, 100, 1, "max", List.of(), "ptb", true, 2, 30000, 6, 64, 1e-3,
                    0.5, 0.0, 5.0, 2, 1234, false);
        }
        if (architecture.equals("bert")) {
            // A small post-LN BERT from scratch: hidden 64, 2 layers, 4 heads, feed-forward 256, WordPiece 6000.
            return new TrainingConfig(architecture, 64, 64, 2, "first", List.of(), "wordpiece", true, 2, 6000, 4, 64,
                    2e-3, 0.1, 0.01, 1.0, 2, 1234, false);
        }
        boolean bag = architecture.equals("embedding-bag-mlp");
        return new TrainingConfig(architecture, bag ? 64 : 100, bag ? 0 : 100, 1, bag ? "mean" : "max",
                bag ? List.of(128) : List.of(), "ptb", true, 2, 30000, 6, 64, 2e-3, 0.4, 0.0, 5.0, 2, 1234, false);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, e, batchSize, learningRate, dropout, weightDecay, clipNorm, patience,
                seed, balanced);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, learningRate, dropout, weightDecay, clipNorm,
                patience, s, balanced);
    }

    public TrainingConfig withSizes(int embedding, int hidden) {
        return new TrainingConfig(architecture, embedding, hidden, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, learningRate, dropout, weightDecay, clipNorm,
                patience, seed, balanced);
    }

    public TrainingConfig withPooling(String p) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, p, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, learningRate, dropout, weightDecay, clipNorm,
                patience, seed, balanced);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, lr, dropout, weightDecay, clipNorm, patience, seed, balanced);
    }

    public TrainingConfig withDropout(double d) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, learningRate, d, weightDecay, clipNorm, patience,
                seed, balanced);
    }

    public TrainingConfig withBalanced(boolean b) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, batchSize, learningRate, dropout, weightDecay, clipNorm,
                patience, seed, b);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(architecture, embeddingDim, hiddenSize, numLayers, pooling, hiddenSizes, analyzer,
                lowercase, minCount, maxVocab, epochs, b, learningRate, dropout, weightDecay, clipNorm, patience, seed, balanced);
    }
}
