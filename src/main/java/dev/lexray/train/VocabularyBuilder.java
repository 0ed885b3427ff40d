package dev.lexray.train;

import dev.lexray.text.Token;
import dev.lexray.text.Vocabulary;
import dev.lexray.text.WordAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a word vocabulary from training texts: [PAD], [UNK], then words by descending count, ties alphabetical. */
final class VocabularyBuilder {
    private VocabularyBuilder() {}

    static Vocabulary build(List<List<String>> tokenized, int minCount, int maxVocab) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> terms : tokenized) {
            for (String t : terms) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount || e.getKey().equals(Vocabulary.PAD)
                || e.getKey().equals(Vocabulary.UNK));
        entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        List<String> words = new ArrayList<>();
        words.add(Vocabulary.PAD);
        words.add(Vocabulary.UNK);
        for (Map.Entry<String, Integer> e : entries) {
            if (maxVocab > 0 && words.size() >= maxVocab) {
                break;
            }
            words.add(e.getKey());
        }
        return new Vocabulary(words);
    }

    static List<String> terms(WordAnalyzer analyzer, String text) {
        return analyzer.analyze(text).stream().map(Token::term).toList();
    }
}
