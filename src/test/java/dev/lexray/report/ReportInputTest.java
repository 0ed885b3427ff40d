package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportInputTest {
    @TempDir
    Path dir;

    private static List<LabelledText> read(String content, String labelColumn, int limit) {
        return ReportInput.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "in.tsv", false,
                labelColumn, limit);
    }

    @Test
    void plainTextIsOneTextPerLineWithoutLabels() {
        List<LabelledText> t = read("\uFEFFfirst text\n\n  \nsecond\ttext with a tab\n", null, 0);
        assertThat(t).extracting(LabelledText::text).containsExactly("first text", "second\ttext with a tab");
        assertThat(t).extracting(LabelledText::label).containsOnlyNulls();
        assertThat(t).extracting(LabelledText::id).containsExactly("in.tsv line 1", "in.tsv line 4");
    }

    @Test
    void tsvWithAHeaderGivesTextsAndLabels() {
        List<LabelledText> t = read("id\ttext\tlabel\n1\ta good film\tpositive\n2\tbad\t\n", null, 0);
        assertThat(t).extracting(LabelledText::text).containsExactly("a good film", "bad");
        assertThat(t).extracting(LabelledText::label).containsExactly("positive", null);
        assertThat(t.get(0).id()).isEqualTo("in.tsv line 2");
    }

    @Test
    void glueTsvUsesTheSentenceColumnAndIndexLabels() {
        List<LabelledText> t = read("sentence\tlabel\nit 's a charming journey . \t1\n", null, 0);
        assertThat(t.get(0).text()).isEqualTo("it 's a charming journey . ");
        assertThat(t.get(0).label()).isEqualTo("1");
    }

    @Test
    void labelsFromNamesTheLabelColumn() {
        List<LabelledText> t = read("text\tlabel\tgold\na\tx\ty\n", "gold", 0);
        assertThat(t.get(0).label()).isEqualTo("y");
        assertThatThrownBy(() -> read("text\tlabel\na\tx\n", "gold", 0)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("no column 'gold'");
        assertThatThrownBy(() -> read("just text\n", "gold", 0)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("needs a TSV file");
    }

    @Test
    void malformedRowsNameTheirLine() {
        assertThatThrownBy(() -> read("label\ttext\npositive\n", null, 0)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("in.tsv line 2: 1 column");
        assertThatThrownBy(() -> read("text\tlabel\n\tpositive\n", null, 0)).hasMessageContaining("text cell is empty");
        assertThatThrownBy(() -> read("\n\n", null, 0)).hasMessageContaining("holds no text");
        assertThatThrownBy(() -> read("text\tlabel\n", null, 0)).hasMessageContaining("holds no text");
    }

    @Test
    void theLimitStopsReading() {
        assertThat(read("text\tlabel\na\t0\nb\t1\nc\t0\n", null, 2)).extracting(LabelledText::text)
                .containsExactly("a", "b");
    }

    @Test
    void jsonLinesFilesAndErrors() throws IOException {
        Path p = dir.resolve("c.jsonl");
        Files.writeString(p, "{\"text\": \"<b>x</b>\", \"label\": \"positive\"}\n{\"text\": \"y\", \"gold\": 1}\n");
        List<LabelledText> t = ReportInput.read(p.toString(), null, 0);
        assertThat(t).extracting(LabelledText::text).containsExactly("<b>x</b>", "y");
        assertThat(t).extracting(LabelledText::label).containsExactly("positive", null);
        assertThatThrownBy(() -> ReportInput.read(p.toString(), "gold", 0))
                .hasMessageContaining("c.jsonl line 1 has no field 'gold'");
        assertThatThrownBy(() -> ReportInput.read(dir.toString(), null, 0)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> ReportInput.read(dir.resolve("none.tsv").toString(), null, 0))
                .hasMessageContaining("not found");
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> ReportInput.read(dir.resolve("latin1.txt").toString(), null, 0))
                .hasMessageContaining("not valid UTF-8");
    }
}
