package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void durationsReadNaturally() {
        assertThat(ProgressLine.duration(4.4)).isEqualTo("4 s");
        assertThat(ProgressLine.duration(125)).isEqualTo("2 min 05 s");
        assertThat(ProgressLine.duration(7260)).isEqualTo("2 h 01 min");
    }

    @Test
    void aLogGetsTheFirstBatchAndAClosingLineWithRateAndTimeLeft() {
        StringWriter out = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(out), true, 3);
        p.update(0, 100);
        p.update(10, 100);
        p.update(20, 100); // within 10 s of the last line: not printed
        p.update(100, 100);
        p.finish();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("lexray: 10/100 texts \\(10%\\), [0-9.]+ texts/s, .* left");
        assertThat(lines[1]).matches("lexray: explained 100 texts for 3 classes in \\d+ s \\([0-9.]+ texts/s\\)");
    }

    @Test
    void disabledPrintsNothing() {
        StringWriter out = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(out), false, 2);
        p.update(5, 10);
        p.finish();
        assertThat(out.toString()).isEmpty();
    }
}
