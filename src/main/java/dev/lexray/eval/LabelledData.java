package dev.lexray.eval;

import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusInfo;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.LabelledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A labelled corpus split read into memory: what it is and its (text, label) examples. */
public record LabelledData(CorpusInfo info, List<LabelledText> examples) {
    public LabelledData {
        examples = List.copyOf(examples);
    }

    /** Reads a named corpus split, or a whole file (the split is then ignored), keeping labelled, non-blank texts. */
    public static LabelledData read(String nameOrPath, String split) {
        boolean file = Files.isRegularFile(Path.of(nameOrPath));
        try (Corpus c = Corpora.open(nameOrPath, file ? null : split, CorpusOptions.defaults())) {
            List<LabelledText> examples = new ArrayList<>();
            for (LabelledText t : c) {
                if (t.label() != null && !t.text().isBlank()) {
                    examples.add(t);
                }
            }
            return new LabelledData(c.info(), examples);
        }
    }
}
