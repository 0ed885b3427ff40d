package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.Target;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.html.Html;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray report} end to end on a tiny model: the page's structure, data, safety and files. */
class ReportCommandTest {
    static final List<String> HOSTILE = List.of(
            "<img src=x onerror=alert(1)> is not good",
            "</script><script>alert(1)</script> the plot is terrible",
            "a \"quoted\" & 'fun' <!-- film --> it is \u2028 great");

    @TempDir
    static Path dir;
    static Path model;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void model() {
        model = TinyModel.write(dir.resolve("tiny"));
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Path tsv(String name, List<String> texts, List<String> labels) throws IOException {
        StringBuilder sb = new StringBuilder("text\tlabel\n");
        for (int i = 0; i < texts.size(); i++) {
            sb.append(texts.get(i)).append('\t').append(labels.get(i)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    static final List<String> TEXTS = List.of(
            "the movie is not good , it is terrible .",
            "a great and superb story",
            "the plot is boring and the acting is awful",
            "fun film",
            "it is a film");
    static final List<String> LABELS = List.of("negative", "positive", "negative", "positive", "neutral");

    static Document report(Path input, String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("report", "-m", model.toString(), "--input", input.toString(),
                "--out", out.toString(), "--no-progress"));
        args.addAll(List.of(extra));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + out);
        return Jsoup.parse(out.toFile(), "UTF-8");
    }

    static JsonNode data(Document doc) throws IOException {
        Element script = doc.selectFirst("script#lexray-data");
        assertThat(script).isNotNull();
        assertThat(script.attr("type")).isEqualTo("application/json");
        return LexrayJson.mapper().readTree(script.data());
    }

    @Test
    void everyWordIsOneColouredSpanWithItsRelevance() throws IOException {
        Document doc = report(tsv("words.tsv", TEXTS, LABELS), "words.html");
        List<Explanation> expected;
        try (LexrayModel m = Lexray.load(model)) {
            expected = m.explain(TEXTS, ExplainOptions.defaults());
        }
        Elements cards = doc.select("article.card");
        assertThat(cards).hasSize(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            Element card = cards.get(i);
            Explanation e = expected.get(i);
            assertThat(card.attr("data-k")).isEqualTo(Integer.toString(e.target().index()));
            assertThat(card.selectFirst(".text").wholeText()).isEqualTo(TEXTS.get(i));
            Elements spans = card.select(".text span.w");
            assertThat(spans).hasSize(e.tokens().size());
            double max = e.tokens().stream().mapToDouble(t -> Math.abs(HtmlReport.round(t.relevance()))).max()
                    .orElseThrow();
            for (int j = 0; j < spans.size(); j++) {
                Element s = spans.get(j);
                double r = e.tokens().get(j).relevance();
                assertThat(s.text()).isEqualTo(e.tokens().get(j).text());
                assertThat(Double.parseDouble(s.attr("data-r"))).isCloseTo(r, within(1e-5 * Math.max(1, Math.abs(r))));
                assertThat(s.attr("tabindex")).isEqualTo("0");
                assertThat(s.attr("title")).startsWith("R = ");
                assertThat(s.classNames()).contains(ColorScale.cssClass(ColorScale.level(HtmlReport.round(r), max)));
            }
        }
        assertThat(doc.select("span.w.p10, span.w.n10")).as("the strongest word of each text is darkest")
                .hasSizeGreaterThanOrEqualTo(TEXTS.size());
    }

    @Test
    void everyClassOfEveryTextIsEmbedded() throws IOException {
        Document doc = report(tsv("classes.tsv", TEXTS, LABELS), "classes.html");
        JsonNode data = data(doc);
        assertThat(data.get("format").asText()).isEqualTo(HtmlReport.DATA_FORMAT);
        assertThat(data.get("labels")).hasSize(3);
        try (LexrayModel m = Lexray.load(model)) {
            for (int k = 0; k < 3; k++) {
                List<Explanation> byK = m.explain(TEXTS, ExplainOptions.defaults().withTarget(new Target.Index(k)));
                for (int i = 0; i < TEXTS.size(); i++) {
                    JsonNode t = data.get("texts").get(i);
                    assertThat(t.get("text").asText()).isEqualTo(TEXTS.get(i));
                    assertThat(t.get("p").asInt()).isEqualTo(byK.get(i).predicted().index());
                    assertThat(t.get("y").asInt()).isEqualTo(TinyModel.LABELS.indexOf(LABELS.get(i)));
                    JsonNode rel = t.get("rel").get(k);
                    assertThat(rel).hasSize(byK.get(i).tokens().size());
                    for (int j = 0; j < rel.size(); j++) {
                        double r = byK.get(i).tokens().get(j).relevance();
                        assertThat(rel.get(j).asDouble()).isCloseTo(r, within(1e-5 * Math.max(1, Math.abs(r))));
                        assertThat(t.get("tok").get(2 * j).asInt()).isEqualTo(byK.get(i).tokens().get(j).start());
                    }
                    assertThat(t.get("cons").get(k).get(3).asDouble())
                            .isCloseTo(byK.get(i).conservation().residual(), within(1e-4));
                }
            }
        }
        // the class chips of every card name every class
        for (Element card : doc.select("article.card")) {
            assertThat(card.select(".chip").eachAttr("data-c")).containsExactly("0", "1", "2");
        }
    }

    @Test
    void strictContentSecurityPolicyAndNothingFromElsewhere() throws IOException {
        Document doc = report(tsv("csp.tsv", TEXTS, LABELS), "csp.html");
        Element meta = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
        assertThat(meta).isNotNull();
        String csp = meta.attr("content");
        assertThat(csp).startsWith("default-src 'none';").doesNotContain("unsafe-inline").doesNotContain("http");
        Elements styles = doc.select("style");
        Elements code = doc.select("script:not([type=application/json])");
        assertThat(styles).hasSize(1);
        assertThat(code).hasSize(1);
        assertThat(csp).contains("style-src " + Html.cspHash(styles.first().data()));
        assertThat(csp).contains("script-src " + Html.cspHash(code.first().data()));
        assertThat(doc.select("link, img, iframe, object, embed, base, form, [src], [href], [style]")).isEmpty();
        for (Element el : doc.getAllElements()) {
            el.attributes().forEach(a -> assertThat(a.getKey()).doesNotStartWith("on"));
        }
        String raw = Files.readString(dir.resolve("csp.html"));
        assertThat(raw).doesNotContain("http://").doesNotContain("https://").doesNotContain("url(")
                .doesNotContain("@import");
        assertThat(meta.elementSiblingIndex()).isLessThan(styles.first().elementSiblingIndex());
    }

    @Test
    void hostileTextsAreShownLiterallyAndRunNothing() throws IOException {
        Path input = tsv("hostile.tsv", HOSTILE, List.of("negative", "negative", "positive"));
        Document doc = report(input, "hostile.html");
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("script")).hasSize(2);
        Elements cards = doc.select("article.card");
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(cards.get(i).selectFirst(".text").wholeText()).isEqualTo(HOSTILE.get(i));
        }
        assertThat(cards.get(1).select(".text span.w").first().text())
                .isEqualTo("</script><script>alert(1)</script>");
        String json = doc.selectFirst("script#lexray-data").data();
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
        JsonNode data = LexrayJson.mapper().readTree(json);
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(data.get("texts").get(i).get("text").asText()).isEqualTo(HOSTILE.get(i));
        }
        String raw = Files.readString(dir.resolve("hostile.html"));
        assertThat(raw).doesNotContain("<img").doesNotContain("<script>alert");
    }

    @Test
    void theJsonSideFileIsWhatExplainPrints() throws IOException {
        Path input = tsv("side.tsv", TEXTS, LABELS);
        Path json = dir.resolve("side.jsonl");
        report(input, "side.html", "--json", json.toString(), "--target", "positive");
        List<String> lines = Files.readAllLines(json);
        assertThat(lines).hasSize(TEXTS.size());
        Files.write(dir.resolve("plain.txt"), TEXTS);
        Result explain = run("explain", "-m", model.toString(), "--target", "positive", "--input",
                dir.resolve("plain.txt").toString());
        assertThat(explain.code()).isZero();
        List<String> expected = explain.out().lines().toList();
        assertThat(lines).as("byte for byte what lexray explain prints").containsExactlyElementsOf(expected);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = LexrayJson.mapper().readTree(lines.get(i));
            JsonNode want = LexrayJson.mapper().readTree(expected.get(i));
            assertThat(fieldNames(got)).containsExactlyElementsOf(fieldNames(want));
            Explanation e = LexrayJson.mapper().treeToValue(got, Explanation.class);
            Explanation w = LexrayJson.mapper().treeToValue(want, Explanation.class);
            assertThat(e.text()).isEqualTo(w.text());
            assertThat(e.target()).isEqualTo(w.target());
            assertThat(e.target().label()).isEqualTo("positive");
            assertThat(e.predicted()).isEqualTo(w.predicted());
            assertThat(e.rule()).isEqualTo(w.rule());
            assertThat(e.tokens()).hasSameSizeAs(w.tokens());
            assertThat(e.relevances()).containsExactly(w.relevances(), within(1e-6));
            assertThat(e.conservation().residual()).isCloseTo(w.conservation().residual(), within(1e-6));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Header, then: good (2), not UTF-8 (3), two cells missing (4), unknown label (5), good (6), good (7). */
    private static Path mixedTsv() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("text\tlabel\nfun film\tpositive\ncaf".getBytes(StandardCharsets.UTF_8));
        b.write(0xE9);
        b.writeBytes(("\tnegative\n<script>alert(1)</script>\nthe plot\tsurprised\na great story\tpositive\n"
                + "it is a film\tneutral\n").getBytes(StandardCharsets.UTF_8));
        return Files.write(dir.resolve("mixed.tsv"), b.toByteArray());
    }

    @Test
    void onErrorRecordListsBadTextsApartAndWritesTheirRecordsInPlace() throws IOException {
        Path json = dir.resolve("mixed.jsonl");
        Document doc = report(mixedTsv(), "mixed-record.html", "--on-error", "record", "--json", json.toString());
        assertThat(doc.select("article.card")).hasSize(3);
        Element failures = doc.selectFirst("section.failures");
        assertThat(failures).isNotNull();
        assertThat(failures.select("h2").text()).isEqualTo("Texts not explained (3)");
        assertThat(failures.select("li")).extracting(Element::text).satisfiesExactly(
                l -> assertThat(l).startsWith("line 3 not valid UTF-8 (byte 0xE9 at byte 4 of the line)"),
                l -> assertThat(l).startsWith("line 4 1 column but the header has 2"),
                l -> assertThat(l).startsWith("line 5 label 'surprised'"));
        assertThat(doc.select("script")).hasSize(2); // the escaped "<script>" line added none
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(json)) {
            lines.add(LexrayJson.mapper().readTree(l));
        }
        assertThat(lines).extracting(n -> n.has("error") ? "line " + n.get("line").asInt() : n.get("text").asText())
                .containsExactly("fun film", "line 3", "line 4", "line 5", "a great story", "it is a film");
        assertThat(lines.get(2).get("text").asText()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void onErrorSkipLeavesBadTextsOutAndCountsThem() throws IOException {
        Path out = dir.resolve("mixed-skip.html");
        Result r = run("report", "-m", model.toString(), "--input", mixedTsv().toString(), "--out", out.toString(),
                "--no-progress", "--on-error", "skip");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lexray: warning: skipped 3 of 6 texts").contains("line 3: not valid UTF-8");
        Document doc = Jsoup.parse(out.toFile(), "UTF-8");
        assertThat(doc.select("article.card")).hasSize(3);
        assertThat(doc.selectFirst("section.failures")).isNull();

        Path failed = dir.resolve("mixed-fail.html");
        Result fail = run("report", "-m", model.toString(), "--input", mixedTsv().toString(), "--out",
                failed.toString(), "--no-progress");
        assertThat(fail.code()).isEqualTo(2);
        assertThat(fail.err()).contains("mixed.tsv: line 3 is not valid UTF-8");
        assertThat(failed).doesNotExist();
    }

    @Test
    void aFailureLeavesNoReport() throws IOException {
        Path input = Files.write(dir.resolve("bad.tsv"), "text\tlabel\na good film\tpositive\nthe plot\tneutral\ncaf\u00e9\tnegative\n"
                .getBytes(StandardCharsets.ISO_8859_1)); // line 4 is not UTF-8
        Path out = dir.resolve("failed/out.html");
        Result r = run("report", "-m", model.toString(), "--input", input.toString(), "--out", out.toString(),
                "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.tsv: line 4").doesNotContain("Exception").hasLineCount(1);
        assertThat(out).doesNotExist();

        Path existing = dir.resolve("existing.html");
        Files.writeString(existing, "old report");
        r = run("report", "-m", model.toString(), "--input", input.toString(), "--out", existing.toString(),
                "--json", dir.resolve("existing.jsonl").toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(existing).hasContent("old report");
        assertThat(dir.resolve("existing.jsonl")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void userErrorsExitWithTwoAndOneLine() throws IOException {
        Path input = tsv("errors.tsv", TEXTS, LABELS);
        Path out = dir.resolve("errors.html");
        String m = model.toString();
        String in = input.toString();
        String o = out.toString();
        assertUserError(run("report", "-m", m, "-i", in, "-o", o, "--target", "negative-vs-positive"), "contrast");
        assertUserError(run("report", "-m", m, "-i", in, "-o", o, "--target", "happy"), "unknown label 'happy'");
        assertUserError(run("report", "-m", m, "-i", in, "-o", o, "--labels-from", "gold"), "no column 'gold'");
        assertUserError(run("report", "-m", m, "-i", in, "-o", dir.toString()), "is a directory");
        assertUserError(run("report", "-m", m, "-i", dir.resolve("missing.txt").toString(), "-o", o), "not found");
        assertUserError(run("report", "-m", m, "-i", in, "-o", o, "--limit", "-1"), "--limit");
        Path wrongLabel = tsv("wrong-label.tsv", List.of("a good film"), List.of("excellent"));
        assertUserError(run("report", "-m", m, "-i", wrongLabel.toString(), "-o", o),
                "wrong-label.tsv line 2: label 'excellent'");
        assertThat(out).doesNotExist();
    }

    private static void assertUserError(Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).hasLineCount(1);
    }

    @Test
    void theSummaryShowsAccuracyConfusionAndTopWordsWithoutStopWords() throws IOException {
        Document doc = report(tsv("summary.tsv", TEXTS, LABELS), "summary.html");
        List<Explanation> e;
        try (LexrayModel m = Lexray.load(model)) {
            e = m.explain(TEXTS, ExplainOptions.defaults());
        }
        long correct = 0;
        int[][] confusion = new int[3][3];
        for (int i = 0; i < TEXTS.size(); i++) {
            int t = TinyModel.LABELS.indexOf(LABELS.get(i));
            int p = e.get(i).predicted().index();
            confusion[t][p]++;
            correct += t == p ? 1 : 0;
        }
        assertThat(doc.select(".tile").get(1).text())
                .contains(String.format(Locale.ROOT, "%.1f%%", 100.0 * correct / TEXTS.size()));
        Elements rows = doc.select("table.cm tbody tr");
        assertThat(rows).hasSize(3);
        for (int t = 0; t < 3; t++) {
            Elements cells = rows.get(t).select("td button");
            for (int p = 0; p < 3; p++) {
                assertThat(cells.get(p).text()).isEqualTo(Integer.toString(confusion[t][p]));
            }
        }
        assertThat(doc.select(".card.mis")).hasSize(TEXTS.size() - (int) correct);
        Elements charts = doc.select(".word-grid svg.bars");
        assertThat(charts).hasSize(3);
        List<String> words = doc.select(".word-grid svg text.wl").eachText();
        assertThat(words).isNotEmpty().doesNotContain("the", "is", "not", "and", "it", "a", ".", ",");
        Document all = report(tsv("summary2.tsv", TEXTS, LABELS), "summary-all.html", "--keep-stop-words");
        assertThat(all.select(".word-grid svg text.wl").eachText()).containsAnyOf("the", "is", "not", "and", "it");
        assertThat(doc.selectFirst(".meta").text()).contains("tiny", "LRP", "epsilon", Lexray.version());
    }

    @Test
    void plainTextInputHasNoLabelsAndTheLimitHolds() throws IOException {
        Path input = dir.resolve("plain-limit.txt");
        Files.write(input, List.of("a good film", "", "the plot is bad", "fun", "boring"));
        Document doc = report(input, "plain.html", "--limit", "3");
        assertThat(doc.select("article.card")).hasSize(3);
        assertThat(doc.select("table.cm")).isEmpty();
        assertThat(doc.select(".card .truth")).isEmpty();
        assertThat(doc.selectFirst("body").hasClass("unlabelled")).isTrue();
        assertThat(data(doc).get("has_labels").asBoolean()).isFalse();
        assertThat(doc.select(".tile").get(1).text()).contains("no true labels");
    }

    @Test
    void theModelCardsFirstParagraphIsShownEscaped() throws IOException {
        Path m = TinyModel.write(dir.resolve("carded"));
        Files.writeString(m.resolve("MODEL_CARD.md"), "---\nlicense: mit\n---\n# Tiny <model>\n\n"
                + "A tiny <b>random</b> model\nfor tests & demos.\n\nSecond paragraph.\n");
        Path out = dir.resolve("carded.html");
        Result r = run("report", "-m", m.toString(), "-t", "a good film", "-o", out.toString(), "--no-progress",
                "--title", "Tiny <report>");
        assertThat(r.code()).as(r.err()).isZero();
        Document doc = Jsoup.parse(out.toFile(), "UTF-8");
        assertThat(doc.selectFirst(".model-card").text())
                .isEqualTo("Model card A tiny <b>random</b> model for tests & demos.");
        assertThat(doc.select(".model-card b")).isEmpty();
        assertThat(doc.title()).isEqualTo("Tiny <report>");
        assertThat(doc.selectFirst("h1").text()).isEqualTo("Tiny <report>");
    }

    @Test
    void progressGoesToStandardErrorAndTheSizeToStandardOutput() throws IOException {
        Path out = dir.resolve("progress.html");
        Result r = run("report", "-m", model.toString(), "-t", "a good film", "-t", "bad plot", "-o",
                out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("explained 2 texts for 3 classes");
        assertThat(r.out()).matches("wrote .*progress.html: 2 texts, 3 classes, [0-9.]+ KB\\R");
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        }
    }
}
