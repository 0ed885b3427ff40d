package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray corpus} through {@link LexrayCommand#execute}. */
class CorpusCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void summarisesADemoFile() {
        assertThat(run("corpus", "corpora/demo/comments.tsv")).isZero();
        assertThat(out.toString()).contains("format: tsv", "records: 20", "  not_offensive: 10", "  offensive: 10",
                "skipped (malformed): 0");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void showsRecordsAsJsonLinesAndHonoursTheLimit() {
        assertThat(run("corpus", "corpora/demo/reviews.tsv", "--limit", "3", "--show", "1")).isZero();
        assertThat(out.toString()).contains("{\"id\":\"reviews.tsv:2\",\"text\":\"A warm, funny film", "records: 3");
    }

    @Test
    void reportsSkippedRecordsAndFailsInStrictMode(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.csv");
        Files.writeString(f, "review,stars\ngood,5\n\"never closed,1\n");
        assertThat(run("corpus", f.toString(), "--text-column", "review", "--label-column", "stars")).isZero();
        assertThat(out.toString()).contains("records: 1", "skipped (malformed): 1", f + ":3: quoted field opened on line 3");
        assertThat(run("corpus", f.toString(), "--text-column", "review", "--label-column", "stars", "--strict"))
                .isEqualTo(LexrayCommand.USER_ERROR);
        assertThat(err.toString()).startsWith("lexray: error: " + f + ":3: quoted field opened on line 3 is never closed");
    }

    @Test
    void unknownCorpusIsAUserError() {
        assertThat(run("corpus", "no-such-corpus")).isEqualTo(LexrayCommand.USER_ERROR);
        assertThat(err.toString()).startsWith("lexray: error: no corpus named 'no-such-corpus'");
    }

    @Test
    void listsTheNamedCorpora() {
        assertThat(run("corpus")).isZero();
        assertThat(out.toString()).contains("corpora folder: ", "  sst2 ", "  davidson ", "[train, dev, test]");
    }

    @Test
    void summarisesANamedCorpusSplit() {
        SharedData.require("corpora/sst2_glue/dev.tsv");
        assertThat(run("corpus", "sst2", "--split", "dev")).isZero();
        assertThat(out.toString()).contains("sst2 (dev): SST-2 as in GLUE", "records: 872", "  negative: 428",
                "  positive: 444", "cite: Wang, Singh");
        assertThat(run("corpus", "sst2", "--split", "test")).isEqualTo(LexrayCommand.USER_ERROR);
        assertThat(err.toString()).contains("corpus sst2 has no split 'test'", "use corpus sst2-trees, split test");
    }

    @Test
    void verifiesHashes() {
        SharedData.require("corpora/uci_sentiment_labelled_sentences");
        assertThat(run("corpus", "uci-sentiment", "--verify")).isZero();
        assertThat(out.toString()).contains("ok       uci_sentiment_labelled_sentences/imdb_labelled.txt");
    }
}
