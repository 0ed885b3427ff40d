package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray serve}'s options: what the user can get wrong ends with exit code 2 and a one-line message. */
class ServeCommandTest {
    @TempDir
    Path temp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(code, err.toString());
    }

    @Test
    void badOptionsAreUserErrorsWithoutAStackTrace() throws Exception {
        Run port = run("serve", "-m", "models/sentiment-bilstm-sst2", "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be 0 to 65535").doesNotContain("\tat ");

        Run token = run("serve", "-m", "models/sentiment-bilstm-sst2", "--token-file", temp.resolve("none").toString());
        assertThat(token.code()).isEqualTo(2);
        assertThat(token.err()).contains("cannot read the token file");

        Path blank = Files.writeString(temp.resolve("blank"), "\n");
        Run empty = run("serve", "-m", "models/sentiment-bilstm-sst2", "--token-file", blank.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("is empty");

        Run queue = run("serve", "-m", "models/sentiment-bilstm-sst2", "--queue", "4", "--max-texts", "8");
        assertThat(queue.code()).isEqualTo(2);
        assertThat(queue.err()).contains("--queue (4) must hold at least --max-texts (8)");

        Run model = run("serve", "-m", temp.resolve("no-model").toString(), "--port", "0");
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err()).contains("lexray: error:").doesNotContain("\tat ");
    }

    @Test
    void twoModelsOfOneNameAreRefused() {
        Run twice = run("serve", "-m", "models/sentiment-bilstm-sst2", "-m", "models/../models/sentiment-bilstm-sst2",
                "--port", "0");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("two models are named 'sentiment-bilstm-sst2'");
    }

    @Test
    void helpNamesTheOptions() {
        StringWriter out = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"serve", "--help"}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--token-file", "--host", "--no-batching", "--batch-wait-ms", "--queue",
                "--timeout-ms", "--max-body-bytes");
    }
}
