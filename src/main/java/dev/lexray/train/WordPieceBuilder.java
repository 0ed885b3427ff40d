package dev.lexray.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a WordPiece vocabulary from training texts and writes it as a HuggingFace {@code tokenizer.json}
 * (BertNormalizer lowercasing and stripping accents, BertPreTokenizer, WordPiece with {@code ##} continuation,
 * [CLS] text [SEP] post-processing) that DJL's and HuggingFace's tokenizers load.
 *
 * <p>The vocabulary: the five special tokens, every character seen (alone and as a {@code ##} continuation, so any
 * word made of known characters tokenises without [UNK]), the most frequent whole words, then the most frequent
 * word endings of the remaining words as {@code ##} pieces.
 */
public final class WordPieceBuilder {
    static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private WordPieceBuilder() {}

    static List<String> build(List<String> texts, int size, int minCount) {
        Map<String, Integer> words = new HashMap<>();
        for (String t : texts) {
            for (String w : preTokenize(t)) {
                words.merge(w, 1, Integer::sum);
            }
        }
        LinkedHashMap<String, Boolean> vocab = new LinkedHashMap<>();
        SPECIAL.forEach(s -> vocab.put(s, true));
        Map<String, Integer> chars = new HashMap<>();
        words.forEach((w, c) -> w.codePoints().forEach(cp -> chars.merge(new String(Character.toChars(cp)), c,
                Integer::sum)));
        List<String> charList = new ArrayList<>(chars.keySet());
        charList.sort(Comparator.<String>comparingInt(chars::get).reversed().thenComparing(s -> s));
        charList.forEach(ch -> vocab.put(ch, true));
        charList.forEach(ch -> vocab.put("##" + ch, true));
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(words.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
        int wordBudget = (int) Math.max(0, (size - vocab.size()) * 0.85);
        List<String> rest = new ArrayList<>();
        for (Map.Entry<String, Integer> e : byCount) {
            if (e.getValue() >= minCount && wordBudget > 0 && !vocab.containsKey(e.getKey())) {
                vocab.put(e.getKey(), true);
                wordBudget--;
            } else if (!vocab.containsKey(e.getKey())) {
                rest.add(e.getKey());
            }
        }
        Map<String, Integer> endings = new HashMap<>();
        for (String w : rest) {
            int n = w.codePointCount(0, w.length());
            for (int len = 2; len <= Math.min(6, n - 1); len++) {
                String end = w.substring(w.offsetByCodePoints(0, n - len));
                endings.merge("##" + end, words.get(w), Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> ends = new ArrayList<>(endings.entrySet());
        ends.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, Integer> e : ends) {
            if (vocab.size() >= size) {
                break;
            }
            vocab.putIfAbsent(e.getKey(), true);
        }
        return new ArrayList<>(vocab.keySet());
    }

    /** BERT's basic tokenisation: lowercase, strip accents, split on whitespace and punctuation, CJK apart. */
    static List<String> preTokenize(String text) {
        String s = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK || cp == 0 || cp == 0xFFFD
                    || Character.isISOControl(cp) && !Character.isWhitespace(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(cur, out);
            } else if (isPunctuation(cp) || isCjk(cp)) {
                flush(cur, out);
                out.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static boolean isPunctuation(int cp) {
        if (cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int cp) {
        return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x20000 && cp <= 0x2A6DF
                || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
    }

    /**
     * The tokenizer.json document for this vocabulary, which holds the five special tokens anywhere (their ids are
     * their positions in it; the bench's synthetic RoBERTa puts them in RoBERTa's order).
     */
    public static byte[] tokenizerJson(List<String> vocab) {
        return tokenizerJson(vocab, true);
    }

    /**
     * As {@link #tokenizerJson(List)}; with {@code wrap} false there is no post-processor, so nothing is added around
     * a text (as decoder tokenizers do).
     */
    public static byte[] tokenizerJson(List<String> vocab, boolean wrap) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SPECIAL) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.indexOf(special));
            t.put("content", special);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.putNull("strip_accents");
        norm.put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        if (wrap) {
            templateProcessing(root.putObject("post_processor"), vocab);
        } else {
            root.putNull("post_processor");
        }
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "WordPiece");
        dec.put("prefix", "##");
        dec.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            v.put(vocab.get(i), i);
        }
        try {
            return m.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** BERT's {@code [CLS] A [SEP]} (and {@code [CLS] A [SEP] B [SEP]}) post-processor. */
    private static void templateProcessing(ObjectNode post, List<String> vocab) {
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode st = specials.putObject(s);
            st.put("id", s);
            st.putArray("ids").add(vocab.indexOf(s));
            st.putArray("tokens").add(s);
        }
    }
}
