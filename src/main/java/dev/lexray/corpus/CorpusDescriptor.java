package dev.lexray.corpus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lexray.LexrayJson;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named corpus as described by {@code corpora/<name>.json}: which reader, which files (relative to the corpora
 * root) make each split, how the file's labels map to the corpus' label names, and where the data comes from.
 *
 * @param name         the name {@link Corpora#open} takes
 * @param title        one line saying what it is
 * @param format       the reader: {@code sst-trees}, {@code glue-sst2}, {@code davidson-csv}, {@code olid},
 *                     {@code hatexplain}, {@code eraser}, {@code uci-sentiment}, {@code csv}, {@code tsv},
 *                     {@code jsonl} or {@code lines}
 * @param labels       the label names in class order (index 0 first)
 * @param labelMap     label as the file writes it → label name; a {@code null} value drops those records
 *                     (SST-2 drops the neutral class this way). Empty: the file's labels are the names.
 * @param params       format parameters (OLID: {@code level})
 * @param files        every file the corpus uses (a folder ends in {@code /}) → its SHA-256 (for a folder, the
 *                     manifest hash: SHA-256 of the {@code sha256sum} lines of its files in byte order of their names)
 * @param splits       split name → its files and, when one file is carved into splits, its buckets
 * @param partition    how records are assigned to buckets when splits share a file; {@code null} if they don't
 * @param defaultSplit the split opened when none is named
 * @param note         anything a user should know (shown in errors about splits)
 * @param citation     the paper(s) to cite
 * @param licence      the licence or terms as the source states them
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CorpusDescriptor(String name, String title, String format, List<String> labels, Map<String, String> labelMap,
                               Map<String, String> params, Map<String, String> files, Map<String, Split> splits,
                               Partition partition, String defaultSplit, String note, String citation, String licence) {
    public CorpusDescriptor {
        labels = labels == null ? List.of() : List.copyOf(labels);
        labelMap = labelMap == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labelMap));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
        splits = splits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(splits));
        note = note == null ? "" : note;
        citation = citation == null ? "" : citation;
        licence = licence == null ? "" : licence;
    }

    /**
     * One split.
     *
     * @param files   the files, relative to the corpora root, read one after the other (ERASER: the annotations
     *                file and the documents folder; OLID test: the tweets file and the labels file)
     * @param buckets {@code [from, to)}: only the records whose bucket (see {@link Partition}) is in this range;
     *                {@code null} for all records
     */
    public record Split(List<String> files, List<Integer> buckets) {
        public Split {
            files = files == null ? List.of() : List.copyOf(files);
            buckets = buckets == null ? null : List.copyOf(buckets);
        }

        /** Whether a record of bucket {@code b} belongs to this split. */
        public boolean contains(int b) {
            return buckets == null || (b >= buckets.get(0) && b < buckets.get(1));
        }
    }

    /**
     * A fixed assignment of records to {@code buckets} buckets by a stable hash of the record id: the first 8 bytes
     * of SHA-256 of the UTF-8 bytes of {@code seed + ":" + id}, as an unsigned big-endian number, modulo
     * {@code buckets}. It depends on nothing but the seed and the id, so training and evaluation always agree.
     */
    public record Partition(String seed, int buckets) {
        public int bucket(String id) {
            byte[] h;
            try {
                h = MessageDigest.getInstance("SHA-256").digest((seed + ":" + id).getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(v, buckets);
        }
    }

    /** Reads a descriptor and checks that it is complete; {@code source} names it in errors. */
    static CorpusDescriptor parse(InputStream in, String source) {
        CorpusDescriptor d;
        try {
            d = LexrayJson.mapper().readValue(in, CorpusDescriptor.class);
        } catch (IOException e) {
            throw new LexrayException("corpus descriptor " + source + " is not valid: " + e.getMessage(), e);
        }
        d.check(source);
        return d;
    }

    private void check(String source) {
        StringBuilder bad = new StringBuilder();
        if (name == null || name.isBlank()) {
            bad.append("; no \"name\"");
        }
        if (format == null || format.isBlank()) {
            bad.append("; no \"format\"");
        }
        if (splits.isEmpty()) {
            bad.append("; no \"splits\"");
        }
        if (defaultSplit != null && !splits.containsKey(defaultSplit)) {
            bad.append("; \"defaultSplit\" ").append(defaultSplit).append(" is not a split");
        }
        for (var e : splits.entrySet()) {
            Split s = e.getValue();
            if (s.files().isEmpty()) {
                bad.append("; split ").append(e.getKey()).append(" has no files");
            }
            if (s.buckets() != null && (partition == null || s.buckets().size() != 2
                    || s.buckets().get(0) < 0 || s.buckets().get(0) >= s.buckets().get(1) || s.buckets().get(1) > partition.buckets())) {
                bad.append("; split ").append(e.getKey()).append(" needs \"buckets\": [from, to) within a \"partition\"");
            }
        }
        for (String v : labelMap.values()) {
            if (v != null && !labels.isEmpty() && !labels.contains(v)) {
                bad.append("; \"labelMap\" maps to ").append(v).append(", which is not in \"labels\"");
            }
        }
        if (partition != null && (partition.buckets() < 1 || partition.seed() == null)) {
            bad.append("; \"partition\" needs a \"seed\" and \"buckets\" >= 1");
        }
        if (bad.length() > 0) {
            throw new LexrayException("corpus descriptor " + source + " is not valid: " + bad.substring(2));
        }
    }

    /** The label name for a label as the file writes it; {@code null} when the map drops it. */
    String mapLabel(String raw) {
        return labelMap.isEmpty() ? raw : labelMap.get(raw);
    }

    /** Whether {@code raw} is a label this corpus knows (possibly one it drops). */
    boolean knowsLabel(String raw) {
        return labelMap.isEmpty() ? labels.isEmpty() || labels.contains(raw) : labelMap.containsKey(raw);
    }
}
