package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.cli.LexrayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray audit} end to end on a tiny model and a labelled file; bad options exit 2 and write nothing. */
class AuditCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return LexrayCommand.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private Path fixtures() throws Exception {
        TinyModel.write(dir.resolve("m"), List.of("NOT", "OFF"), 3);
        Files.writeString(dir.resolve("texts.tsv"), "text\tlabel\nthe gay movie is good\tNOT\nthe muslim plot is bad"
                + "\tOFF\nthe film is fun\tNOT\na white story <img\tNOT\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("madlibs.csv"), "Text,Label,Template\n\"gay is good\",NOT_BAD,x\n"
                + "\"gay is awful\",BAD,x\n\"muslim is good\",NOT_BAD,x\n\"muslim is awful\",BAD,x\n",
                StandardCharsets.UTF_8);
        return dir.resolve("m");
    }

    @Test
    void writesTheThreeFilesWithEveryPart() throws Exception {
        Path model = fixtures();
        Path out = dir.resolve("audit");
        StringWriter err = new StringWriter();
        int code = run(err, "audit", "-m", model.toString(), "--corpus", dir.resolve("texts.tsv").toString(),
                "--madlibs", dir.resolve("madlibs.csv").toString(), "--out", out.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode j = LexrayJson.mapper().readTree(out.resolve("audit.json").toFile());
        assertThat(j.path("format").asText()).isEqualTo("lexray-audit/1");
        assertThat(j.path("toxic_classes").get(0).asText()).isEqualTo("OFF");
        assertThat(j.has("subgroups")).isFalse(); // not HateXplain: no target annotations
        assertThat(j.path("madlibs").path("sentences").asInt()).isEqualTo(4);
        JsonNode gay = j.path("madlibs").path("terms").get(1);
        assertThat(gay.path("term").asText()).isEqualTo("gay");
        assertThat(gay.path("sentences").asInt()).isEqualTo(2);
        assertThat(gay.path("known").asBoolean()).isFalse(); // the tiny model's vocabulary has no identity term
        assertThat(j.path("counterfactuals").path("texts_with_terms").asInt()).isEqualTo(3);
        assertThat(j.path("why").path("explained").asInt()).isEqualTo(4);
        assertThat(Files.readString(out.resolve("audit.md"))).contains("Terms the model does not know")
                .contains("gay");
        var html = Jsoup.parse(Files.readString(out.resolve("audit.html")));
        assertThat(html.select("script, img")).isEmpty();
        assertThat(html.text()).contains("Unknown terms");
    }

    @Test
    void badOptionsExitTwoAndWriteNothing() throws Exception {
        Path model = fixtures();
        Path out = dir.resolve("none");
        StringWriter err = new StringWriter();
        assertThat(run(err, "audit", "-m", model.toString(), "--corpus", dir.resolve("texts.tsv").toString(),
                "--toxic", "HATE", "--madlibs", "none", "--out", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a class of the model").doesNotContain("Exception");
        err = new StringWriter();
        assertThat(run(err, "audit", "-m", model.toString(), "--corpus", dir.resolve("texts.tsv").toString(),
                "--terms", dir.resolve("missing.txt").toString(), "--out", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
        assertThat(out).doesNotExist();
    }
}
