package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Report input: lines holding only a label, and invalid UTF-8 (the right line; {@code --lenient}). */
class ReportInputHardeningTest {
    private static List<LabelledText> read(byte[] content, boolean jsonl, boolean lenient, List<String> warnings) {
        return ReportInput.read(new ByteArrayInputStream(content), "in.tsv", jsonl, null, 0, lenient, warnings::add);
    }

    private static List<LabelledText> read(String content, boolean jsonl) {
        return read(content.getBytes(StandardCharsets.UTF_8), jsonl, false, new ArrayList<>());
    }

    @Test
    void aLineWithOnlyALabelIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> read("text\tlabel\na good film\tpositive\npositive\n", false))
                .isExactlyInstanceOf(LexrayException.class)
                .hasMessage("in.tsv line 3: 1 column but the header has 2 (cells are separated by tabs)");
        assertThatThrownBy(() -> read("sentence\tlabel\nfine\t1\n\t1\n", false))
                .isExactlyInstanceOf(LexrayException.class).hasMessage("in.tsv line 3: the text cell is empty");
        assertThatThrownBy(() -> read("label\ttext\npositive\t\n", false))
                .hasMessage("in.tsv line 2: the text cell is empty");
        assertThatThrownBy(() -> read("text\tlabel\n  \t positive\n", false)).as("whitespace is no text")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> read("{\"text\": \"ok\"}\n{\"label\": \"positive\"}\n", true))
                .hasMessage("in.tsv line 2: needs a non-empty \"text\" string");
        assertThatThrownBy(() -> read("{\"text\": \" \", \"label\": \"positive\"}\n", true))
                .hasMessageContaining("line 1: needs a non-empty");
    }

    @Test
    void aPlainTextFileTakesALabelWordAsAText() {
        // Without a header there are no labels: "positive" alone is a text like any other.
        assertThat(read("positive\nnegative\n", false)).extracting(LabelledText::text)
                .containsExactly("positive", "negative");
    }

    @Test
    void invalidUtf8IsBlamedOnItsOwnLineFarIntoTheFile() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("text\tlabel\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3000; i++) {
            b.writeBytes(("text number " + i + "\tpositive\n").getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\t', 'p', '\n'});
        b.writeBytes("last\tnegative\n".getBytes(StandardCharsets.UTF_8));
        byte[] content = b.toByteArray();
        // A decoding reader reads ahead: this used to say "line 1".
        assertThatThrownBy(() -> read(content, false, false, new ArrayList<>()))
                .isInstanceOf(LexrayException.class).hasMessageStartingWith("in.tsv: line 3002 is not valid UTF-8")
                .hasMessageContaining("--lenient");
        List<String> warnings = new ArrayList<>();
        List<LabelledText> t = read(content, false, true, warnings);
        assertThat(t).hasSize(3002);
        assertThat(t.get(3000).text()).isEqualTo("caf\uFFFD");
        assertThat(t.get(3000).id()).isEqualTo("in.tsv line 3002");
        assertThat(warnings).containsExactly(
                "in.tsv: replaced invalid UTF-8 with U+FFFD in 1 line (the first: line 3002)");
    }
}
