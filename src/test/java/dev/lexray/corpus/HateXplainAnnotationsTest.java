package dev.lexray.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.runtime.LexrayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Majority labels and targets from 2 of 3 annotators, and the same text as {@link HateXplainReader}. */
class HateXplainAnnotationsTest {
    @TempDir
    Path dir;

    @Test
    void majoritiesOfTwoOfThree() throws Exception {
        Path f = dir.resolve("hx.json");
        Files.writeString(f, String.join("\n",
                "{\"id\":\"a\",\"annotators\":{\"label\":[0,2,0],\"target\":[[\"African\",\"Women\"],[\"African\"],[\"None\"]]},\"rationales\":[],\"post_tokens\":[\"x\",\"y\"]}",
                "{\"id\":\"b\",\"annotators\":{\"label\":[0,2,1],\"target\":[[\"Arab\",\"Arab\"],[\"None\"],[\"Jewish\"]]},\"rationales\":[],\"post_tokens\":[\"z\"]}",
                ""));
        List<HateXplainAnnotations.Post> posts = HateXplainAnnotations.read(List.of(f));
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).majorityLabel()).isEqualTo(HateXplainAnnotations.HATESPEECH);
        assertThat(posts.get(0).majorityTargets()).containsExactly("African");
        assertThat(posts.get(1).majorityLabel()).isNull();
        assertThat(posts.get(1).majorityTargets()).isEmpty(); // one annotator naming Arab twice is one vote
        List<LabelledText> read = new HateXplainReader(List.of(f), 0.5).read(new Problems(true, 10)).toList();
        assertThat(posts.get(0).text()).isEqualTo(read.get(0).text());
    }

    @Test
    void aMalformedLineNamesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"id\":\"a\",\"annotators\":{\"label\":[7]},\"post_tokens\":[\"x\"]}\n");
        assertThatThrownBy(() -> HateXplainAnnotations.read(List.of(f))).isInstanceOf(LexrayException.class)
                .hasMessageContaining("bad.json:1").hasMessageContaining("not 0, 1 or 2");
    }
}
