package dev.lexray.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** corpora/demo: our own example texts read through the generic reader, with the hard cases they promise. */
class DemoTextsTest {
    private static List<LabelledText> read(String file) {
        return Corpora.open("corpora/demo/" + file, null, CorpusOptions.defaults().withStrict(true)).readAll();
    }

    @Test
    void reviewsAreLabelledAndCoverTheHardCases() throws IOException {
        List<LabelledText> reviews = read("reviews.tsv");
        assertThat(reviews).hasSizeBetween(28, 35);
        assertThat(reviews).extracting(LabelledText::label).containsOnly("positive", "negative");
        List<String> texts = reviews.stream().map(LabelledText::text).toList();
        assertThat(texts).contains("Not bad at all.", "The acting is great but the plot is a mess.");
        assertThat(texts).anyMatch(t -> t.contains("😍"));
        assertThat(texts).anyMatch(t -> t.contains("Montréal"));
        assertThat(texts).anyMatch(t -> t.contains("<b>") && t.contains("&") && t.contains("\""));
        assertThat(texts.stream().filter(t -> t.split(" ").length >= 100).count()).isEqualTo(2);
        assertThat(Files.readAllLines(Path.of("corpora/demo/reviews.txt"), StandardCharsets.UTF_8)).isEqualTo(texts);
    }

    @Test
    void plainReviewsAreUnlabelledTexts() {
        assertThat(read("reviews.txt")).hasSize(read("reviews.tsv").size()).allMatch(t -> t.label() == null);
    }

    @Test
    void commentsAreLabelledOffensiveOrNot() {
        List<LabelledText> comments = read("comments.tsv");
        assertThat(comments).hasSizeBetween(18, 25);
        assertThat(comments).extracting(LabelledText::label).containsOnly("offensive", "not_offensive");
        assertThat(comments).filteredOn(t -> t.text().split(" ").length >= 100).hasSize(2);
        assertThat(comments).anyMatch(t -> t.text().contains("<code> & \"escape\""));
    }
}
