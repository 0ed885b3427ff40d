package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.cli.LexrayCommand;
import dev.lexray.testing.TinyModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray report --corpus-summary}: the corpus-wide top words (as Spark's SummaryJob writes them) on a page. */
class CorpusSummaryReportTest {
    @TempDir
    Path tmp;

    private int run(String... args) {
        return LexrayCommand.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void theTopWordsComeFromTheCorpusSummaryEscaped() throws Exception {
        Path model = TinyModels.bagMlp(tmp.resolve("bag"));
        Path summary = tmp.resolve("summary.json");
        Files.writeString(summary, "{\"texts\": 1000000, \"classes\": ["
                + "{\"index\": 0, \"label\": \"negative\", \"positive\": [{\"word\": \"dreadful\", \"total\": 812.5,"
                + " \"count\": 900}], \"negative\": [{\"word\": \"<b>superb</b>\", \"total\": -640.0, \"count\": 700}]},"
                + "{\"index\": 1, \"label\": \"positive\", \"positive\": [{\"word\": \"superb\", \"total\": 700.0,"
                + " \"count\": 700}], \"negative\": []}]}");
        Path out = tmp.resolve("r.html");
        assertThat(run("report", "-m", model.toString(), "-t", "good film", "-t", "awful film", "--corpus-summary",
                summary.toString(), "-o", out.toString(), "--no-progress")).isZero();
        String html = Files.readString(out);
        assertThat(html).contains("dreadful").contains("+812.5").contains("summary.json")
                .contains("&lt;b>superb&lt;/b>").doesNotContain("<b>superb</b>");
    }

    @Test
    void aFileThatIsNotASummaryIsAUserError() throws Exception {
        Path model = TinyModels.bagMlp(tmp.resolve("bag2"));
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"words\": []}");
        assertThat(run("report", "-m", model.toString(), "-t", "good film", "--corpus-summary", bad.toString(), "-o",
                tmp.resolve("x.html").toString(), "--no-progress")).isEqualTo(2);
        assertThat(tmp.resolve("x.html")).doesNotExist();
    }
}
