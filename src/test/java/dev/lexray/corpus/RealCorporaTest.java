package dev.lexray.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.lexray.testing.SharedData;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The named corpora on the real files in ../shared/corpora: the counts of SOURCES.md. Skips without ../shared. */
class RealCorporaTest {
    @BeforeEach // not @BeforeAll: a class-level skip is not reported as skipped tests
    void needsCorpora() {
        SharedData.require("corpora/SOURCES.md");
    }

    private static ReadSummary summary(String name, String split, CorpusOptions options) {
        try (Corpus c = Corpora.open(name, split, options)) {
            c.stream().forEach(t -> { });
            return c.summary();
        }
    }

    private static ReadSummary summary(String name, String split) {
        return summary(name, split, CorpusOptions.defaults().withStrict(true));
    }

    @Test
    void sstTreesHaveTheSentenceAndPhraseCountsOfSources() {
        assertThat(summary("sst5", "train").records()).isEqualTo(8544);
        assertThat(summary("sst5", "dev").records()).isEqualTo(1101);
        assertThat(summary("sst5", "test").records()).isEqualTo(2210);
        ReadSummary binary = summary("sst2-trees", "train");
        assertThat(binary.records()).isEqualTo(6920);
        assertThat(binary.excluded()).containsOnly(entry("label 2 dropped by sst2-trees", 8544L - 6920));
        assertThat(summary("sst2-trees", "dev").records()).isEqualTo(872);
        assertThat(summary("sst2-trees", "test").records()).isEqualTo(1821);
        assertThat(summary("sst5", "train", CorpusOptions.defaults().withStrict(true).withPhrases(true)).records())
                .isEqualTo(318_582);
        assertThat(summary("sst5", "dev", CorpusOptions.defaults().withStrict(true).withPhrases(true)).records())
                .isEqualTo(41_447);
        assertThat(summary("sst5", "test", CorpusOptions.defaults().withStrict(true).withPhrases(true)).records())
                .isEqualTo(82_600);
    }

    @Test
    void sstTreeTextsAreUnescapedAndKeepTheNoBreakSpace() {
        List<LabelledText> train = Corpora.open("sst5", "train", CorpusOptions.defaults().withStrict(true)).readAll();
        assertThat(train).noneMatch(t -> t.text().contains("-LRB-") || t.text().contains("-RRB-") || t.text().contains("\\/"));
        assertThat(train).filteredOn(t -> t.text().contains("8\u00a01/2")).hasSize(1);
        assertThat(train.get(0).id()).isEqualTo("train.txt:1");
    }

    @Test
    void glueSst2HasThePublishedCounts() {
        ReadSummary train = summary("sst2", "train");
        assertThat(train.records()).isEqualTo(67_349);
        assertThat(train.labels()).containsExactly(entry("negative", 29_780L), entry("positive", 37_569L));
        ReadSummary dev = summary("sst2", "dev");
        assertThat(dev.labels()).containsExactly(entry("negative", 428L), entry("positive", 444L));
        List<LabelledText> first = Corpora.open("sst2", "dev", CorpusOptions.defaults().withLimit(1)).readAll();
        assertThat(first).singleElement().satisfies(t -> assertThat(t.text()).isEqualTo(
                "it 's a charming and often affecting journey ."));
    }

    @Test
    void davidsonHasItsClassCountsAndAStableSplit() {
        ReadSummary train = summary("davidson", "train");
        ReadSummary dev = summary("davidson", "dev");
        ReadSummary test = summary("davidson", "test");
        long hate = 0;
        long offensive = 0;
        long neither = 0;
        for (ReadSummary s : List.of(train, dev, test)) {
            hate += s.labels().get("hate_speech");
            offensive += s.labels().get("offensive_language");
            neither += s.labels().get("neither");
        }
        assertThat(List.of(hate, offensive, neither)).containsExactly(1_430L, 19_190L, 4_163L);
        assertThat(train.records() + dev.records() + test.records()).isEqualTo(24_783);
        // The fixed 80/10/10 partition (pinned: a change here moves tweets between training and evaluation).
        assertThat(List.of(train.records(), dev.records(), test.records())).containsExactly(19_840L, 2_508L, 2_435L);
        Set<String> devIds = new HashSet<>();
        Corpora.open("davidson", "dev").readAll().forEach(t -> devIds.add(t.id()));
        assertThat(Corpora.open("davidson", "test").readAll()).noneMatch(t -> devIds.contains(t.id()));
    }

    @Test
    void davidsonKeepsTweetsRawIncludingLineBreaks() {
        List<LabelledText> all = Corpora.open("davidson", "train")
                .readAll();
        assertThat(all).anyMatch(t -> t.text().contains("\n"));
        assertThat(all).anyMatch(t -> t.text().contains("&amp;"));
    }

    @Test
    void olidHasThePublishedCounts() {
        ReadSummary train = summary("olid", "train");
        ReadSummary dev = summary("olid", "dev");
        assertThat(train.records() + dev.records()).isEqualTo(13_240);
        assertThat(train.labels().get("NOT") + dev.labels().get("NOT")).isEqualTo(8_840);
        assertThat(train.labels().get("OFF") + dev.labels().get("OFF")).isEqualTo(4_400);
        assertThat(List.of(train.records(), dev.records())).containsExactly(11_886L, 1_354L); // the fixed 90/10 carving
        assertThat(summary("olid", "test").labels()).containsExactly(entry("NOT", 620L), entry("OFF", 240L));
        ReadSummary bTrain = summary("olid-b", "train");
        ReadSummary bDev = summary("olid-b", "dev");
        assertThat(bTrain.records() + bDev.records()).isEqualTo(4_400);
        assertThat(summary("olid-b", "test").labels()).containsExactly(entry("TIN", 213L), entry("UNT", 27L));
        assertThat(summary("olid-c", "test").labels()).containsExactly(entry("IND", 100L), entry("GRP", 78L), entry("OTH", 35L));
    }

    @Test
    void hateXplainHasMajorityLabelsAndRationales() {
        for (var split : Map.of("test", new long[] {594, 782, 548, 1142}, "validation", new long[] {593, 781, 548, 1141}).entrySet()) {
            List<LabelledText> posts = Corpora.open("hatexplain", split.getKey(), CorpusOptions.defaults().withStrict(true)).readAll();
            long[] want = split.getValue();
            assertThat(posts.stream().filter(t -> t.label().equals("hatespeech")).count()).isEqualTo(want[0]);
            assertThat(posts.stream().filter(t -> t.label().equals("normal")).count()).isEqualTo(want[1]);
            assertThat(posts.stream().filter(t -> t.label().equals("offensive")).count()).isEqualTo(want[2]);
            assertThat(posts.stream().filter(LabelledText::hasRationale).count()).isEqualTo(want[3]);
            for (LabelledText t : posts) {
                for (Rationale r : t.rationales()) {
                    assertThat(r.tokenScores()).hasSize(t.text().split(" ").length);
                }
            }
        }
    }

    @Test
    void eraserHasItsCountsAndEveryEvidenceSlicesItsText() {
        int spans = 0;
        Pattern ws = Pattern.compile("\\s+");
        for (var split : Map.of("train", new long[] {800, 800}, "val", new long[] {100, 100}, "test", new long[] {100, 99}).entrySet()) {
            try (Corpus c = Corpora.open("eraser-movies", split.getKey(), CorpusOptions.defaults().withStrict(true))) {
                for (LabelledText t : c) {
                    for (Rationale r : t.rationales()) {
                        spans += r.spans().size();
                        assertThat(r.slices(t.text())).allSatisfy(s -> assertThat(ws.split(s)).isNotEmpty());
                    }
                }
                assertThat(c.summary().labels()).containsExactly(entry("negative", split.getValue()[0]),
                        entry("positive", split.getValue()[1]));
            }
        }
        assertThat(spans).isEqualTo(17_462 - 20); // SOURCES' count, less the 20 empty test evidences
    }

    @Test
    void uciHasFiveHundredOfEachLabelPerSource() {
        for (String source : List.of("amazon", "imdb", "yelp")) {
            assertThat(summary("uci-sentiment", source).labels())
                    .containsExactly(entry("negative", 500L), entry("positive", 500L));
        }
        assertThat(summary("uci-sentiment", "all").records()).isEqualTo(3000);
        List<LabelledText> imdb = Corpora.open("uci-sentiment", "imdb").readAll();
        assertThat(imdb).noneMatch(t -> t.text().endsWith(" "));
        assertThat(imdb).filteredOn(t -> t.text().indexOf('\u0085') >= 0).hasSize(2);
    }

    @Test
    void corporaMatchTheirRecordedHashes() {
        for (String name : Corpora.BUILT_IN) {
            assertThat(Corpora.verify(name)).allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        }
    }
}
