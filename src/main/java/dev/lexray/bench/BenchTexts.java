package dev.lexray.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic review texts of an exact number of words, drawn from common English and movie-review words that
 * every shipped vocabulary knows (so word-level models see few unknown words and subword models few pieces per
 * word). Timing depends on the token count, not the meaning.
 */
public final class BenchTexts {
    static final List<String> WORDS = List.of(
            "the", "a", "an", "and", "but", "or", "of", "to", "in", "on", "with", "for", "as", "at", "by", "from",
            "it", "its", "this", "that", "these", "those", "is", "was", "are", "were", "be", "been", "has", "have",
            "had", "not", "no", "very", "too", "so", "more", "most", "much", "little", "just", "only", "even",
            "still", "never", "always", "often", "really", "quite", "rather", "movie", "film", "story", "plot",
            "acting", "actors", "cast", "director", "script", "screenplay", "dialogue", "characters", "character",
            "scene", "scenes", "ending", "music", "performance", "performances", "comedy", "drama", "action",
            "thriller", "romance", "picture", "audience", "time", "year", "life", "world", "people", "man", "woman",
            "family", "love", "heart", "mind", "way", "thing", "things", "moments", "minutes", "hour", "good",
            "bad", "great", "terrible", "funny", "boring", "beautiful", "dull", "charming", "clever", "stupid",
            "smart", "slow", "fast", "long", "short", "new", "old", "original", "predictable", "fresh", "tired",
            "warm", "cold", "dark", "light", "sweet", "sad", "happy", "strong", "weak", "fine", "best", "worst",
            "better", "worse", "entertaining", "touching", "moving", "engaging", "flat", "silly", "smart", "honest",
            "makes", "make", "made", "feels", "feel", "seems", "looks", "works", "tries", "gives", "takes",
            "comes", "goes", "know", "see", "watch", "enjoy", "like", "liked", "loved", "hate", "wants", "never",
            "about", "into", "through", "over", "after", "before", "while", "because", "if", "than", "when",
            "who", "what", "which", "there", "here", "all", "some", "every", "one", "two", "first", "last", ",",
            ".");

    private BenchTexts() {}

    /** The words of {@link #WORDS} that a model knows (a word-level model refuses a text of unknown words only). */
    public static List<String> known(java.util.function.Predicate<String> knows) {
        List<String> out = new ArrayList<>();
        for (String w : WORDS) {
            if (!w.equals(",") && !w.equals(".") && knows.test(w)) {
                out.add(w);
            }
        }
        out.add(",");
        out.add(".");
        return out;
    }

    /** {@code n} texts of exactly {@code words} space-separated words each, the same for the same seed. */
    public static List<String> texts(int n, int words, long seed) {
        return texts(n, words, seed, WORDS);
    }

    /** The same, drawn from {@code vocabulary} (its last two entries are never a text's first word). */
    public static List<String> texts(int n, int words, long seed, List<String> vocabulary) {
        List<String> from = vocabulary.size() > 2 ? vocabulary : WORDS;
        Random r = new Random(seed * 1_000_003L + words);
        List<String> out = new ArrayList<>(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    sb.append(' ');
                }
                // The first word is a content word so that no text is only punctuation.
                sb.append(from.get(w == 0 ? r.nextInt(from.size() - 2) : r.nextInt(from.size())));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
