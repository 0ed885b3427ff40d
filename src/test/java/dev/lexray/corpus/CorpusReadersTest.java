package dev.lexray.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader on small inline samples of its format, quirks included. */
class CorpusReadersTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<LabelledText> read(CorpusReader reader) {
        return read(reader, new Problems(true, 10));
    }

    private static List<LabelledText> read(CorpusReader reader, Problems problems) {
        try (Stream<LabelledText> s = reader.read(problems)) {
            return s.toList();
        }
    }

    // ---- SST trees

    @Test
    void sstTreeTextJoinsLeavesAndUndoesPtbEscapes() throws IOException {
        Path f = write("train.txt", "(3 (2 -LRB-) (3 (3 (2 good) (2 \\/) (2 \\*)) (2 -RRB-)))\n"
                + "(1 (2 It) (1 (1 drags) (2 .)))\n");
        List<LabelledText> r = read(new SstTreeReader(List.of(f), false));
        assertThat(r).extracting(LabelledText::text).containsExactly("( good / * )", "It drags .");
        assertThat(r).extracting(LabelledText::label).containsExactly("3", "1");
        assertThat(r).extracting(LabelledText::id).containsExactly("train.txt:1", "train.txt:2");
    }

    @Test
    void sstTokenWithANoBreakSpaceStaysOneToken() throws IOException {
        Path f = write("t.txt", "(2 (2 (2 8\u00a01\\/2) (2 weeks)) (2 later))\n");
        List<LabelledText> phrases = read(new SstTreeReader(List.of(f), true));
        assertThat(phrases.get(0).text()).isEqualTo("8\u00a01/2 weeks later");
        assertThat(phrases).extracting(LabelledText::text)
                .containsExactly("8\u00a01/2 weeks later", "8\u00a01/2 weeks", "8\u00a01/2", "weeks", "later");
    }

    @Test
    void sstPhrasesGiveEveryNodeInPreOrderWithItsLabel() throws IOException {
        Path f = write("dev.txt", "(4 (2 (2 A) (3 fine)) (4 film))\n");
        List<LabelledText> r = read(new SstTreeReader(List.of(f), true));
        assertThat(r).extracting(LabelledText::id)
                .containsExactly("dev.txt:1#0", "dev.txt:1#1", "dev.txt:1#2", "dev.txt:1#3", "dev.txt:1#4");
        assertThat(r).extracting(LabelledText::label).containsExactly("4", "2", "2", "3", "4");
        assertThat(r).extracting(LabelledText::text).containsExactly("A fine film", "A fine", "A", "fine", "film");
    }

    @Test
    void sstBinaryMapDropsNeutralAndMergesTheExtremes() {
        assertThat(SstTreeReader.BINARY).containsEntry("0", "negative").containsEntry("1", "negative")
                .containsEntry("2", null).containsEntry("3", "positive").containsEntry("4", "positive");
    }

    @Test
    void malformedSstTreesAreSkippedAndCountedOrFatalInStrictMode() throws IOException {
        Path f = write("bad.txt", "(3 (3 good) (2 film))\n(3 (3 unbalanced)\n(7 (2 x))\n(2 (2 a) (2 b)) junk\n(1 (1 bad))\n");
        Problems lenient = new Problems(false, 10);
        List<LabelledText> r = read(new SstTreeReader(List.of(f), false), lenient);
        assertThat(r).extracting(LabelledText::text).containsExactly("good film", "bad");
        assertThat(lenient.count()).isEqualTo(3);
        assertThat(lenient.first()).extracting(Problem::line).containsExactly(2L, 3L, 4L);
        assertThat(lenient.first().get(0).toString()).startsWith(f + ":2: malformed PTB tree");

        assertThatThrownBy(() -> read(new SstTreeReader(List.of(f), false), new Problems(true, 10)))
                .isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(f + ":2:")
                .satisfies(e -> assertThat(((CorpusFormatException) e).problem().line()).isEqualTo(2));
    }

    // ---- GLUE SST-2

    @Test
    void glueTsvDropsTheTrailingSpaceBeforeTheTab() throws IOException {
        Path f = write("train.tsv", "sentence\tlabel\nhide new secretions from the parental units \t0\n"
                + "the greatest musicians \t1\n");
        List<LabelledText> r = read(new GlueTsvReader(List.of(f)));
        assertThat(r).extracting(LabelledText::text)
                .containsExactly("hide new secretions from the parental units", "the greatest musicians");
        assertThat(r).extracting(LabelledText::label).containsExactly("0", "1");
        assertThat(r.get(0).id()).isEqualTo("train.tsv:2");
    }

    @Test
    void glueTsvWithAnotherHeaderIsRejected() throws IOException {
        Path f = write("x.tsv", "text\tlabel\nfine \t1\n");
        assertThatThrownBy(() -> read(new GlueTsvReader(List.of(f)), new Problems(false, 10)))
                .isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(f + ":1: expected the GLUE SST-2 header \"sentence\\tlabel\"");
    }

    @Test
    void glueTsvBadLabelsAndExtraTabsAreSkipped() throws IOException {
        Path f = write("x.tsv", "sentence\tlabel\nok \t1\nneutral \t2\ntwo\ttabs\t1\n\nfine \t0\n");
        Problems p = new Problems(false, 10);
        assertThat(read(new GlueTsvReader(List.of(f)), p)).extracting(LabelledText::text).containsExactly("ok", "fine");
        assertThat(p.first()).extracting(Problem::line).containsExactly(3L, 4L);
    }

    // ---- Davidson CSV

    @Test
    void davidsonCsvHandlesQuotedNewlinesDoubledQuotesAndKeepsTextRaw() throws IOException {
        Path f = write("labeled_data.csv", ",count,hate_speech,offensive_language,neither,class,tweet\n"
                + "0,3,0,0,3,2,!!! RT @user: tidy up &amp; take the trash out...\n"
                + "1,3,0,3,0,1,\"line one\nline two, with a comma\"\n"
                + "2,3,0,1,2,2,\"she said \"\"hi\"\" &lt;3\"\n"
                + "3,3,1,1,1,0,plain\n");
        List<LabelledText> r = read(new DavidsonCsvReader(List.of(f)));
        assertThat(r).extracting(LabelledText::id).containsExactly("0", "1", "2", "3");
        assertThat(r).extracting(LabelledText::label).containsExactly("2", "1", "2", "0");
        assertThat(r).extracting(LabelledText::text).containsExactly(
                "!!! RT @user: tidy up &amp; take the trash out...",
                "line one\nline two, with a comma",
                "she said \"hi\" &lt;3",
                "plain");
    }

    @Test
    void davidsonCsvMalformedRecordsAreReportedWithTheirLine() throws IOException {
        Path f = write("d.csv", ",count,hate_speech,offensive_language,neither,class,tweet\n"
                + "0,3,0,0,3,2,\"two\nlines\"\n"
                + "1,3,0,3,0,5,bad class\n"
                + "2,3,0,3,0,1\n"
                + "3,3,0,3,0,1,\"quoted\"trailing\n"
                + "4,3,0,3,0,1,fine\n"
                + "5,3,0,3,0,1,\"never closed\n");
        Problems p = new Problems(false, 10);
        List<LabelledText> r = read(new DavidsonCsvReader(List.of(f)), p);
        assertThat(r).extracting(LabelledText::id).containsExactly("0", "4");
        assertThat(p.count()).isEqualTo(4);
        assertThat(p.first()).extracting(Problem::line).containsExactly(4L, 5L, 6L, 8L);
        assertThat(p.first()).extracting(Problem::reason).containsExactly(
                "class \"5\" is not 0, 1 or 2", "expected 7 fields, found 6",
                "text after the closing quote of field 7", "quoted field opened on line 8 is never closed");
    }

    // ---- OLID

    @Test
    void olidTrainingReadsCrlfAndBomAndPicksTheLevel() throws IOException {
        Path f = write("olid-training-v1.0.tsv", "\uFEFFid\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\r\n"
                + "86426\t@USER She should ask.\tOFF\tUNT\tNULL\r\n"
                + "90194\t@USER Go home \uD83D\uDC4A URL\tOFF\tTIN\tIND\r\n"
                + "16820\tAmazing day\tNOT\tNULL\tNULL\r\n");
        List<LabelledText> a = read(OlidReader.training(f, "a"));
        assertThat(a).extracting(LabelledText::id).containsExactly("86426", "90194", "16820");
        assertThat(a).extracting(LabelledText::label).containsExactly("OFF", "OFF", "NOT");
        assertThat(a.get(1).text()).isEqualTo("@USER Go home \uD83D\uDC4A URL");
        assertThat(a).noneMatch(t -> t.text().contains("\r"));
        assertThat(read(OlidReader.training(f, "b"))).extracting(LabelledText::label).containsExactly("UNT", "TIN", null);
        assertThat(read(OlidReader.training(f, "C"))).extracting(LabelledText::label).containsExactly(null, "IND", null);
        assertThatThrownBy(() -> OlidReader.training(f, "d")).isInstanceOf(LexrayException.class)
                .hasMessageContaining("a, b or c");
    }

    @Test
    void olidTestJoinsTweetsWithLabelsById() throws IOException {
        Path tweets = write("testset-levela.tsv", "id\ttweet\r\n15923\t#WhoIsQ words URL\r\n27014\tcalm words\r\n99999\tunlabelled\r\n");
        Path labels = write("labels-levela.csv", "27014,NOT\n15923,OFF\n");
        Problems p = new Problems(false, 10);
        List<LabelledText> r = read(OlidReader.test(tweets, labels), p);
        assertThat(r).extracting(LabelledText::id, LabelledText::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("15923", "OFF"), org.assertj.core.groups.Tuple.tuple("27014", "NOT"));
        assertThat(p.first()).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(4);
            assertThat(x.reason()).isEqualTo("tweet 99999 has no label in labels-levela.csv");
        });
        Path withHeader = write("labels-with-header.csv", "id,label\r\n27014,NOT\r\n15923,OFF\r\n99999,NOT\r\n");
        assertThat(read(OlidReader.test(tweets, withHeader))).hasSize(3);
    }

    // ---- HateXplain

    @Test
    void hateXplainRationaleSpansSliceTheMarkedWords() throws IOException {
        Path f = write("hx.json",
                "{\"id\":\"1_twitter\",\"annotators\":{\"label\":[2,0,2],\"annotator_id\":[1,2,3],\"target\":[[\"None\"],[\"None\"],[\"None\"]]},"
                + "\"rationales\":[[0,1,1,0,0,1],[0,1,0,0,0,1],[0,0,0,0,1,1]],\"post_tokens\":[\"you\",\"silly\",\"clowns\",\"are\",\"so\",\"dumb\"]}\n"
                + "{\"id\":\"2_gab\",\"annotators\":{\"label\":[1,1,1],\"annotator_id\":[4,5,6],\"target\":[[\"None\"],[\"None\"],[\"None\"]]},"
                + "\"rationales\":[],\"post_tokens\":[\"caf\u00e9\",\"\uD83D\uDE00\",\"nice\"]}\n"
                + "{\"id\":\"3_gab\",\"annotators\":{\"label\":[0,1,2],\"annotator_id\":[4,5,6],\"target\":[[],[],[]]},"
                + "\"rationales\":[],\"post_tokens\":[\"undecided\"]}\n");
        List<LabelledText> r = read(new HateXplainReader(List.of(f), 0.5));
        LabelledText post = r.get(0);
        assertThat(post.text()).isEqualTo("you silly clowns are so dumb");
        assertThat(post.label()).isEqualTo("2");
        Rationale rationale = post.rationales().get(0);
        // shares: you 0, silly 2/3, clowns 1/3, are 0, so 1/3, dumb 1
        assertThat(rationale.slices(post.text())).containsExactly("silly", "dumb");
        assertThat(rationale.tokenScores()).extracting(Rationale.TokenScore::score)
                .containsExactly(0.0, 2.0 / 3, 1.0 / 3, 0.0, 1.0 / 3, 1.0);
        assertThat(rationale.tokenScores().get(2).span().slice(post.text())).isEqualTo("clowns");
        List<LabelledText> low = read(new HateXplainReader(List.of(f), 0.3));
        assertThat(low.get(0).rationales().get(0).slices(post.text())).containsExactly("silly clowns", "so dumb");

        assertThat(r.get(1).text()).isEqualTo("caf\u00e9 \uD83D\uDE00 nice");
        assertThat(r.get(1).label()).isEqualTo("1");
        assertThat(r.get(1).rationales()).isEmpty();
        assertThat(r.get(2).label()).as("no majority").isNull();
    }

    @Test
    void hateXplainRationaleOfTheWrongLengthMakesTheRecordMalformed() throws IOException {
        Path f = write("hx.json", "{\"id\":\"a\",\"annotators\":{\"label\":[0,0,1]},\"rationales\":[[1,0]],\"post_tokens\":[\"x\",\"y\",\"z\"]}\n"
                + "not json\n"
                + "{\"id\":\"b\",\"annotators\":{\"label\":[1,1,1]},\"rationales\":[],\"post_tokens\":[\"fine\"]}\n");
        Problems p = new Problems(false, 10);
        assertThat(read(new HateXplainReader(List.of(f), 0.5), p)).extracting(LabelledText::id).containsExactly("b");
        assertThat(p.first()).extracting(Problem::line).containsExactly(1L, 2L);
        assertThat(p.first().get(0).reason()).isEqualTo("post a: a rationale vector has 2 entries for 3 tokens");
    }

    // ---- ERASER

    @Test
    void eraserEvidenceSpansSliceTheEvidenceText() throws IOException {
        write("docs/negR_800.txt", "the plot is thin .\nit is definitely the cinematic equivalent of a sleeper car .\nskip it .\n");
        Path ann = write("val.jsonl", "{\"annotation_id\": \"negR_800.txt\", \"classification\": \"NEG\", \"evidences\": "
                + "[[{\"docid\": \"negR_800.txt\", \"end_sentence\": 1, \"end_token\": 15, \"start_sentence\": 1, \"start_token\": 7, "
                + "\"text\": \"definitely the cinematic equivalent of a sleeper car\"}], "
                + "[{\"docid\": \"negR_800.txt\", \"end_token\": 4, \"start_token\": 1, \"text\": \"plot is thin\"}], "
                + "[{\"docid\": \"negR_800.txt\", \"end_token\": 7, \"start_token\": 3, \"text\": \"thin . it is\"}], "
                + "[{\"docid\": \"negR_800.txt\", \"end_token\": 9, \"start_token\": 9, \"text\": \"\"}]], "
                + "\"query\": \"What is the sentiment of this review?\", \"query_type\": null}\n");
        List<LabelledText> r = read(new EraserReader(ann, dir.resolve("docs")));
        LabelledText review = r.get(0);
        assertThat(review.id()).isEqualTo("negR_800.txt");
        assertThat(review.label()).isEqualTo("NEG");
        assertThat(review.text()).isEqualTo("the plot is thin .\nit is definitely the cinematic equivalent of a sleeper car .\nskip it .");
        assertThat(review.rationales()).singleElement().satisfies(rat -> {
            assertThat(rat.slices(review.text())).containsExactly(
                    "plot is thin", "thin .\nit is", "definitely the cinematic equivalent of a sleeper car");
            assertThat(rat.spans().get(0)).isEqualTo(new Span(4, 16));
        });
    }

    @Test
    void eraserEvidenceThatDoesNotMatchItsTextIsMalformed() throws IOException {
        write("docs/posR_1.txt", "a fine film .\n");
        Path ann = write("test.jsonl",
                "{\"annotation_id\": \"posR_1.txt\", \"classification\": \"POS\", \"evidences\": [[{\"docid\": \"posR_1.txt\", "
                + "\"start_token\": 0, \"end_token\": 2, \"text\": \"fine film\"}]]}\n"
                + "{\"annotation_id\": \"posR_2.txt\", \"classification\": \"POS\", \"evidences\": []}\n"
                + "{\"annotation_id\": \"posR_1.txt\", \"classification\": \"POS\", \"evidences\": [[{\"docid\": \"posR_1.txt\", "
                + "\"start_token\": 3, \"end_token\": 9, \"text\": \"x\"}]]}\n");
        Problems p = new Problems(false, 10);
        assertThat(read(new EraserReader(ann, dir.resolve("docs")), p)).isEmpty();
        assertThat(p.first()).extracting(Problem::reason).containsExactly(
                "posR_1.txt: evidence tokens [0, 2) read \"a fine\", not the evidence text \"fine film\"",
                "posR_2.txt: document " + dir.resolve("docs/posR_2.txt") + " not found",
                "posR_1.txt: evidence tokens [3, 9) are outside the 4 tokens of the document");
    }

    // ---- UCI

    @Test
    void uciStripsTrailingSpacesAndKeepsNelAndQuotes() throws IOException {
        Path f = write("imdb_labelled.txt", "A very, very slow-moving film.  \t0\n\"Wow\" loved it\u0085really.  \t1\n");
        List<LabelledText> r = read(new UciSentimentReader(List.of(f)));
        assertThat(r).extracting(LabelledText::text).containsExactly("A very, very slow-moving film.", "\"Wow\" loved it\u0085really.");
        assertThat(r).extracting(LabelledText::label).containsExactly("0", "1");
        assertThat(r).extracting(LabelledText::id).containsExactly("imdb_labelled.txt:1", "imdb_labelled.txt:2");
    }

    // ---- your own files

    @Test
    void csvWithNamedColumnsAndQuotedNewlines() throws IOException {
        Path f = write("mine.csv", "\uFEFFid,review,stars,sentiment\r\n7,\"Loved it,\r\nreally\",5,pos\r\n8,Meh,2,neg\r\n");
        CorpusOptions o = CorpusOptions.defaults().withColumns("review", "sentiment").withIdColumn("id");
        List<LabelledText> r = Corpora.openFile(f, o).readAll();
        assertThat(r).extracting(LabelledText::id).containsExactly("7", "8");
        assertThat(r).extracting(LabelledText::text).containsExactly("Loved it,\r\nreally", "Meh");
        assertThat(r).extracting(LabelledText::label).containsExactly("pos", "neg");
    }

    @Test
    void tsvAndJsonLinesAndPlainLines() throws IOException {
        Path tsv = write("a.tsv", "text\tlabel\nnot bad at all\tpositive\n\"quoted\" stays\tnegative\n");
        assertThat(Corpora.openFile(tsv, CorpusOptions.defaults()).readAll()).extracting(LabelledText::text, LabelledText::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("not bad at all", "positive"),
                        org.assertj.core.groups.Tuple.tuple("\"quoted\" stays", "negative"));
        Path jsonl = write("a.jsonl", "{\"body\": \"great\", \"y\": 1}\n{\"body\": \"awful\", \"y\": 0}\n");
        assertThat(Corpora.openFile(jsonl, CorpusOptions.defaults().withColumns("body", "y")).readAll())
                .extracting(LabelledText::label).containsExactly("1", "0");
        Path txt = write("a.txt", "one text\n\nanother\n");
        assertThat(Corpora.openFile(txt, CorpusOptions.defaults()).readAll())
                .extracting(LabelledText::id, LabelledText::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.txt:1", null), org.assertj.core.groups.Tuple.tuple("a.txt:3", null));
    }

    @Test
    void loneCrEndsALineInCorpusFilesAsInEveryOtherInput() throws IOException {
        Path txt = write("cr.txt", "one text\ranother\r\nthird\n");
        assertThat(Corpora.openFile(txt, CorpusOptions.defaults()).readAll())
                .extracting(LabelledText::text, LabelledText::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one text", "cr.txt:1"),
                        org.assertj.core.groups.Tuple.tuple("another", "cr.txt:2"),
                        org.assertj.core.groups.Tuple.tuple("third", "cr.txt:3"));
        Path csv = write("cr.csv", "text,label\rgood,pos\r\"two\rlines\",neg\r");
        assertThat(Corpora.openFile(csv, CorpusOptions.defaults()).readAll())
                .extracting(LabelledText::text, LabelledText::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("good", "pos"),
                        org.assertj.core.groups.Tuple.tuple("two\rlines", "neg"));
    }

    @Test
    void tableWithoutLabelColumnIsUnlabelledButANamedMissingColumnIsAnError() throws IOException {
        Path f = write("t.csv", "text,score\nhello,3\n");
        assertThat(Corpora.openFile(f, CorpusOptions.defaults()).readAll()).extracting(LabelledText::label).containsExactly((String) null);
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults().withColumns(null, "sentiment")).readAll())
                .isInstanceOf(LexrayException.class)
                .hasMessage(f + " has no column 'sentiment'; its columns are text, score");
    }

    @Test
    void headerlessTableUsesColumnNumbers() throws IOException {
        Path f = write("h.tsv", "great\t1\nawful\t0\n");
        CorpusOptions o = CorpusOptions.defaults().withHeader(false).withColumns("0", "1");
        assertThat(Corpora.openFile(f, o).readAll()).extracting(LabelledText::text).containsExactly("great", "awful");
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults().withHeader(false)).readAll())
                .hasMessageContaining("has no header line, so name columns by number");
    }

    @Test
    void tableRowsWithTheWrongWidthAreSkippedAndCounted() throws IOException {
        Path f = write("w.tsv", "text\tlabel\nfine\tpositive\nno label here\nx\ty\tz\n\tnegative\nok\tnegative\n");
        try (Corpus c = Corpora.openFile(f, CorpusOptions.defaults())) {
            assertThat(c.stream().map(LabelledText::text).toList()).containsExactly("fine", "ok");
            assertThat(c.summary().skipped()).isEqualTo(3);
            assertThat(c.summary().problems()).extracting(Problem::line).containsExactly(3L, 4L, 5L);
            assertThat(c.summary().labels()).containsExactly(entry("positive", 1L), entry("negative", 1L));
        }
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults().withStrict(true)).readAll())
                .isInstanceOf(CorpusFormatException.class)
                .hasMessageStartingWith(f + ":3: expected 2 fields as in the header, found 1");
    }

    @Test
    void aFileWithAnUnknownExtensionNeedsAFormatAndAnyNamedFormatWorksOnAPath() throws IOException {
        Path f = write("trees.ptb", "(3 (3 good) (2 film))\n");
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults())).hasMessageContaining("cannot tell the format");
        assertThat(Corpora.openFile(f, CorpusOptions.defaults().withFormat("sst-trees")).readAll())
                .extracting(LabelledText::text).containsExactly("good film");
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults().withFormat("xml")))
                .hasMessageContaining("unknown corpus format 'xml'");
    }

    @Test
    void invalidUtf8NamesTheFile() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> Corpora.openFile(f, CorpusOptions.defaults()).readAll())
                .isInstanceOf(LexrayException.class)
                .hasMessageContaining(f + ": line 1 is not valid UTF-8 (byte 0xE9 at byte 4 of the line): save it as"
                        + " UTF-8").hasMessageNotContaining("--lenient"); // corpus commands have no --lenient
    }
}
