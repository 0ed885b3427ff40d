package dev.lexray.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.html.Html;
import dev.lexray.testing.RandomModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark harness on a tiny model: every row present and sane, JSON valid, the HTML page self-contained. */
class BenchTest {
    @TempDir
    Path temp;

    @Test
    void measuresEveryMethodAndWritesTableJsonAndPage() throws Exception {
        // A directory name that needs escaping in HTML.
        Path dir = RandomModels.write(temp.resolve("m<b>&\"x'"), RandomModels.recurrent("bilstm", 1, "max", 3));
        Benchmark.Config config = new Benchmark.Config(List.of(dir), List.of("lrp", "gradient-x-input",
                "integrated-gradients", "occlusion", "lime"), List.of(1, 4), List.of(4, 8), List.of(4), List.of(8), 0,
                2, 2, 4, 3, 0, 2, 3, 20, 1, false);
        Benchmark.Result result = new Benchmark(config, line -> { }).run();
        // fast: 2 batch sizes x 2 lengths x 3 methods; slow: 1 x 1 x 3
        assertThat(result.rows()).hasSize(15);
        for (Benchmark.Row r : result.rows()) {
            assertThat(r.textsPerSecond()).as(r.toString()).isPositive();
            assertThat(r.textsPerSecondMin()).isLessThanOrEqualTo(r.textsPerSecond());
            assertThat(r.textsPerSecondMax()).isGreaterThanOrEqualTo(r.textsPerSecond());
            assertThat(r.ratio()).isPositive();
            assertThat(r.rounds()).isEqualTo(2);
            if (r.method().equals("forward")) {
                assertThat(r.ratio()).isEqualTo(1.0);
            }
            if (Benchmark.SLOW.contains(r.method())) {
                assertThat(r.group()).isEqualTo("slow");
                assertThat(r.vsLrp()).isPositive();
                assertThat(r.texts()).isEqualTo(3);
            } else {
                assertThat(r.texts()).isGreaterThanOrEqualTo(Math.max(4, 2 * r.batchSize()));
            }
        }
        JsonNode json = new ObjectMapper().readTree(BenchReport.json(result));
        assertThat(json.get("rows")).hasSize(15);
        assertThat(json.get("machine").get("cores").asInt()).isPositive();
        assertThat(json.get("rows").get(0).get("vsLrp").isNumber()).isTrue();
        // NaN (a method measured without LRP alongside) is null in JSON, which has no NaN
        Benchmark.Row nan = new Benchmark.Row("m", "bilstm", "forward", "sweep", 1, 8, 8, 2, 1, 10, 10, 10, 100, 1, 1,
                1, Double.NaN, Double.NaN, Double.NaN, 1, 1, 100);
        JsonNode j2 = new ObjectMapper().readTree(BenchReport.json(new Benchmark.Result(result.machine(), config,
                List.of(nan), 1)));
        assertThat(j2.get("rows").get(0).get("vsLrp").isNull()).isTrue();
        String name = dir.getFileName().toString();
        assertThat(json.get("summary").get(name).get("lrp_over_forward_median").asDouble()).isPositive();

        String md = BenchReport.markdown(result);
        assertThat(md).contains("| lrp | 4 | 8 |").contains("| lime | 4 | 8 |").contains("Summary");

        String html = BenchReport.html(result);
        assertThat(html).doesNotContain("<b>&").doesNotContain("<script");
        Document page = Jsoup.parse(html);
        assertThat(page.select("h2").first().text()).isEqualTo(name);
        assertThat(page.select("svg")).hasSize(2); // one plot per batch size with two or more lengths
        assertThat(page.select("svg polyline")).isNotEmpty();
        assertThat(page.select("table tbody tr")).hasSize(15);
        assertThat(page.select("[src], link, iframe")).isEmpty();
        String csp = page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(csp).isEqualTo("default-src 'none'; style-src " + Html.cspHash(page.selectFirst("style").data()));
    }

    /** Isolated: each configuration in a child JVM, whose rows (NaN included) come back intact. */
    @Test
    void isolatedRunsComeBackFromChildJvms() {
        Path dir = RandomModels.write(temp.resolve("iso"), RandomModels.recurrent("gru", 1, "final", 5));
        Benchmark.Config config = new Benchmark.Config(List.of(dir), List.of("lrp", "occlusion"), List.of(2),
                List.of(4, 6), List.of(2), List.of(6), 0, 1, 1, 2, 2, 0, 1, 3, 20, 1, true);
        List<String> progress = new ArrayList<>();
        Benchmark.Result result = new Benchmark(config, progress::add).run();
        // (2, 4): forward, lrp; (2, 6): forward, lrp and occlusion
        assertThat(result.rows()).extracting(Benchmark.Row::method).containsExactly("forward", "lrp", "forward",
                "lrp", "occlusion");
        assertThat(result.rows()).allSatisfy(r -> {
            assertThat(r.textsPerSecond()).isPositive();
            assertThat(r.peakRssMiB()).isPositive();
        });
        assertThat(progress).anyMatch(l -> l.startsWith("iso: batch 2, 6 words"));
    }

    @Test
    void benchCommandQuickRun() throws Exception {
        Path dir = RandomModels.write(temp.resolve("bag"), RandomModels.bag(List.of(5), "relu", "mean", 4));
        Path out = temp.resolve("out");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"bench", "--quick", "-m", dir.toString(), "--methods",
            "lrp,occlusion", "--min-time", "0", "--warmup", "0", "--workers", "1", "--no-isolate", "--out",
            out.toString()},
                new PrintWriter(so), new PrintWriter(se));
        assertThat(code).as(se.toString()).isZero();
        assertThat(so.toString()).contains("| lrp |").contains("| occlusion |");
        assertThat(out.resolve("bench.md")).exists();
        assertThat(new ObjectMapper().readTree(Files.readString(out.resolve("bench.json"))).get("rows")).isNotEmpty();
        assertThat(Files.readString(out.resolve("bench.html"))).startsWith("<!DOCTYPE html>").contains("<svg");

        StringWriter e2 = new StringWriter();
        int bad = LexrayCommand.execute(new String[] {"bench", "-m", dir.toString(), "--methods", "shap"},
                new PrintWriter(new StringWriter()), new PrintWriter(e2));
        assertThat(bad).isEqualTo(LexrayCommand.USER_ERROR);
        assertThat(e2.toString()).contains("unknown bench method 'shap'");
    }
}
