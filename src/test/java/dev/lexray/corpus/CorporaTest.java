package dev.lexray.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named corpora: descriptors, the corpora root, splits, label maps, partitions and hashes. No ../shared needed. */
class CorporaTest {
    @TempDir
    Path root;

    private void write(String name, String content) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static CorpusDescriptor descriptor(String json) {
        return CorpusDescriptor.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static final String TINY = """
            {"name": "tiny", "title": "t", "format": "sst-trees", "labels": ["negative", "positive"],
             "labelMap": {"0": "negative", "1": "negative", "2": null, "3": "positive", "4": "positive"},
             "files": {"trees/a.txt": "0"},
             "splits": {"train": {"files": ["trees/a.txt"]}, "dev": {"files": ["trees/b.txt"]}},
             "defaultSplit": "train", "note": "There is no test split; use dev."}
            """;

    @Test
    void labelMapRenamesAndDropsAndTheSummaryCountsBoth() throws IOException {
        write("trees/a.txt", "(4 (4 great))\n(2 (2 fine))\n(0 (0 awful))\n(3 (3 nice))\n(9 (2 bad label))\n");
        try (Corpus c = Corpora.open(descriptor(TINY), root, null, CorpusOptions.defaults())) {
            assertThat(c.info().split()).isEqualTo("train");
            assertThat(c.stream().map(LabelledText::label).toList()).containsExactly("positive", "negative", "positive");
            ReadSummary s = c.summary();
            assertThat(s.records()).isEqualTo(3);
            assertThat(s.labels()).containsExactly(entry("negative", 1L), entry("positive", 2L));
            assertThat(s.excluded()).containsExactly(entry("label 2 dropped by tiny", 1L));
            assertThat(s.skipped()).isEqualTo(1);
            assertThat(s.describe()).contains("records: 3", "  positive: 2", "excluded (label 2 dropped by tiny): 1",
                    "skipped (malformed): 1", "a.txt:5: malformed PTB tree");
        }
    }

    @Test
    void aLabelTheDescriptorDoesNotKnowIsAMalformedRecordWithItsLine() throws IOException {
        write("t.tsv", "text\tlabel\ngood\tpos\nodd\tmaybe\n");
        CorpusDescriptor d = descriptor("""
                {"name": "own", "format": "tsv", "labels": ["pos", "neg"], "splits": {"all": {"files": ["t.tsv"]}}}
                """);
        try (Corpus c = Corpora.open(d, root, "all", CorpusOptions.defaults())) {
            assertThat(c.stream().toList()).hasSize(1);
            assertThat(c.summary().problems()).singleElement().hasToString(root.resolve("t.tsv") + ":3: label \"maybe\" is not one of pos, neg");
        }
        assertThatThrownBy(() -> Corpora.open(d, root, "all", CorpusOptions.defaults().withStrict(true)).readAll())
                .isInstanceOf(CorpusFormatException.class).hasMessageContaining("t.tsv:3: label \"maybe\"");
    }

    @Test
    void limitStopsEarly() throws IOException {
        write("trees/a.txt", "(4 (4 a))\n(4 (4 b))\n(4 (4 c))\n");
        assertThat(Corpora.open(descriptor(TINY), root, "train", CorpusOptions.defaults().withLimit(2)).readAll())
                .extracting(LabelledText::text).containsExactly("a", "b");
    }

    @Test
    void anUnknownSplitListsTheSplitsAndTheNote() {
        assertThatThrownBy(() -> Corpora.open(descriptor(TINY), root, "test", CorpusOptions.defaults()))
                .isInstanceOf(LexrayException.class)
                .hasMessage("corpus tiny has no split 'test'; its splits are train, dev. There is no test split; use dev.");
    }

    @Test
    void missingFilesAreNamedWithTheFolderTheyWereLookedFor() {
        assertThatThrownBy(() -> Corpora.open(descriptor(TINY), root, "dev", CorpusOptions.defaults()))
                .isInstanceOf(LexrayException.class)
                .hasMessageContaining("corpus tiny (dev) needs " + root.resolve("trees/b.txt"))
                .hasMessageContaining("not found in the corpora folder " + root);
    }

    @Test
    void rootComesFromTheSystemPropertyAndAMissingOneSaysWhereItLooked() throws IOException {
        String old = System.getProperty(Corpora.ROOT_PROPERTY);
        try {
            System.setProperty(Corpora.ROOT_PROPERTY, root.toString());
            assertThat(Corpora.root()).isEqualTo(root.toAbsolutePath().normalize());
            assertThatThrownBy(() -> Corpora.open("sst2", "train"))
                    .isInstanceOf(LexrayException.class)
                    .hasMessageContaining(root.resolve("sst2_glue/train.tsv").toString())
                    .hasMessageContaining("found from -Dlexray.corpora");

            Path nowhere = root.resolve("nowhere");
            System.setProperty(Corpora.ROOT_PROPERTY, nowhere.toString());
            assertThat(Corpora.findRoot()).isEmpty();
            assertThatThrownBy(Corpora::root)
                    .isInstanceOf(LexrayException.class)
                    .hasMessageContaining("-Dlexray.corpora = " + nowhere + " (no such folder)")
                    .hasMessageContaining("a folder set explicitly is not replaced by the ../shared fallbacks")
                    .hasMessageContaining("Set LEXRAY_CORPORA or -Dlexray.corpora");
        } finally {
            if (old == null) {
                System.clearProperty(Corpora.ROOT_PROPERTY);
            } else {
                System.setProperty(Corpora.ROOT_PROPERTY, old);
            }
        }
    }

    @Test
    void unknownNamesListTheNamedCorporaAndWhereDescriptorsWereLookedFor() {
        assertThatThrownBy(() -> Corpora.open("no-such-corpus", null))
                .isInstanceOf(LexrayException.class)
                .hasMessageContaining("no corpus named 'no-such-corpus' and no file")
                .hasMessageContaining("davidson, eraser-movies, hatexplain")
                .hasMessageContaining(Path.of("corpora/no-such-corpus.json").toAbsolutePath().toString())
                .hasMessageContaining("the class path at lexray/corpora/no-such-corpus.json");
        assertThatThrownBy(() -> Corpora.open("corpora/demo/reviews.tsv", "train"))
                .hasMessageContaining("a file has no splits");
        assertThatThrownBy(() -> Corpora.open("no/such/file.csv", null))
                .hasMessage("no file " + Path.of("no/such/file.csv").toAbsolutePath() + " (and it is not a corpus name). Named corpora: "
                        + String.join(", ", Corpora.names()) + ".");
    }

    @Test
    void partitionIsStableAndSplitsAreDisjointAndComplete() throws IOException {
        CorpusDescriptor.Partition p = new CorpusDescriptor.Partition("lexray/davidson/v1", 100);
        // Pinned: changing the hash would silently move records between train and test.
        assertThat(List.of(p.bucket("0"), p.bucket("1"), p.bucket("24782"))).isEqualTo(PINNED_BUCKETS);
        StringBuilder csv = new StringBuilder(",count,hate_speech,offensive_language,neither,class,tweet\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(",3,0,3,0,1,tweet ").append(i).append('\n');
        }
        write("davidson_hate_offensive/labeled_data.csv", csv.toString());
        CorpusDescriptor d = Corpora.descriptor("davidson");
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (String split : List.of("train", "dev", "test")) {
            List<LabelledText> r = Corpora.open(d, root, split, CorpusOptions.defaults()).readAll();
            sizes.add(r.size());
            r.forEach(t -> assertThat(seen.add(t.id())).as("id " + t.id() + " in two splits").isTrue());
        }
        assertThat(seen).hasSize(1000);
        assertThat(sizes.get(0)).isBetween(760, 840);
        assertThat(sizes.get(1)).isBetween(70, 130);
    }

    /** First 8 bytes of SHA-256("lexray/davidson/v1:" + id) mod 100, computed independently with Python's hashlib. */
    static final List<Integer> PINNED_BUCKETS = List.of(53, 78, 30);

    @Test
    void verifyHashesFilesAndFoldersLikeSha256sum() throws IOException {
        write("docs/a.txt", "one\n");
        write("docs/b.txt", "two\n");
        write("docs/B.txt", "Three");
        // LC_ALL=C sha256sum $(LC_ALL=C ls) | sha256sum, run in docs/
        assertThat(Corpora.manifestSha256(root.resolve("docs")))
                .isEqualTo("e5189a0e73c0f38256d183f6e5a45f6cb9234a7999e2a4c8964c38bd09eef2a8");
        CorpusDescriptor d = descriptor("""
                {"name": "h", "format": "lines",
                 "files": {"docs/a.txt": "2c8b08da5ce60398e1f19af0e5dccc744df274b826abe585eaba68c525434806",
                           "docs/": "e5189a0e73c0f38256d183f6e5a45f6cb9234a7999e2a4c8964c38bd09eef2a8",
                           "docs/b.txt": "0000", "docs/c.txt": "1111"},
                 "splits": {"all": {"files": ["docs/a.txt"]}}}
                """);
        List<FileCheck> checks = Corpora.verify(d, root);
        assertThat(checks).extracting(FileCheck::ok).containsExactly(true, true, false, false);
        assertThat(checks.get(2).toString()).startsWith("CHANGED  docs/b.txt (sha256 ");
        assertThat(checks.get(3).toString()).isEqualTo("MISSING  docs/c.txt");
    }

    @Test
    void invalidDescriptorsSayWhatIsWrong() {
        assertThatThrownBy(() -> descriptor("""
                {"name": "x", "format": "csv", "labels": ["a"], "labelMap": {"1": "b"},
                 "splits": {"train": {"files": ["f.csv"], "buckets": [0, 50]}}, "defaultSplit": "test"}
                """)).isInstanceOf(LexrayException.class)
                .hasMessage("corpus descriptor test is not valid: \"defaultSplit\" test is not a split; split train needs "
                        + "\"buckets\": [from, to) within a \"partition\"; \"labelMap\" maps to b, which is not in \"labels\"");
        assertThatThrownBy(() -> descriptor("{\"name\": \"x\", \"colour\": 1}"))
                .isInstanceOf(LexrayException.class).hasMessageContaining("colour");
    }

    @Test
    void everyShippedDescriptorParsesAndListsTheHashOfEveryFileItReads() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("corpora"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(Corpora.BUILT_IN);
        for (String name : files) {
            CorpusDescriptor d = Corpora.descriptor(name);
            assertThat(d.name()).isEqualTo(name);
            assertThat(d.labels()).isNotEmpty();
            assertThat(d.citation()).isNotBlank();
            assertThat(d.licence()).isNotBlank();
            assertThat(d.files().values()).allMatch(h -> h.matches("[0-9a-f]{64}"));
            for (var split : d.splits().values()) {
                for (String f : split.files()) {
                    assertThat(d.files()).as(name + " lists the hash of " + f).satisfiesAnyOf(
                            m -> assertThat(m).containsKey(f), m -> assertThat(m).containsKey(f + "/"));
                }
            }
            try (InputStream in = Corpora.class.getClassLoader().getResourceAsStream("lexray/corpora/" + name + ".json")) {
                assertThat(in).as("descriptor %s copied to the class path", name).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(Path.of("corpora", name + ".json")));
            }
        }
    }
}
